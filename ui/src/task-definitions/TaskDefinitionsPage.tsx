// Task-definition families with their latest ACTIVE revision.
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { api, type Family } from "../api";
import { dateTime } from "../lib/format";
import { ErrorAlert } from "../shell/ErrorAlert";
import { follow, navigate } from "../shell/router";
import { useResource } from "../shell/useResource";
import { href, to } from "../paths";

export const familyHref = (family: string) => href("family", { family });

const COLUMNS: TableProps.ColumnDefinition<Family>[] = [
  { id: "family", header: "Family", cell: (f) => <Link href={familyHref(f.family)} onFollow={follow}>{f.family}</Link>, sortingField: "family", isRowHeader: true },
  { id: "latest", header: "Latest revision", cell: (f) => f.latestRevision, sortingField: "latestRevision" },
  { id: "compat", header: "Launch types", cell: (f) => f.compatibilities.join(", ") || "EC2" },
  { id: "size", header: "CPU / memory", cell: (f) => (f.cpu || f.memory ? `${f.cpu ?? "—"} / ${f.memory ?? "—"} MiB` : "per container") },
  { id: "containers", header: "Containers", cell: (f) => f.containers.join(", ") },
  { id: "registered", header: "Registered", cell: (f) => dateTime(f.registeredAt), sortingField: "registeredAt" },
];

export function TaskDefinitionsPage() {
  const { data, loading, error, reload } = useResource(api.listTaskDefinitionFamilies, []);
  const families = data ?? [];
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(families, {
    filtering: {
      empty: (
        <Box textAlign="center" color="inherit">
          <SpaceBetween size="xs">
            <b>No task definitions</b>
            <Box variant="p" color="inherit">A task definition says which images to run, with how much CPU and memory, on which ports.</Box>
            <Button onClick={() => navigate(to("createTaskDefinition"))}>Create task definition</Button>
          </SpaceBetween>
        </Box>
      ),
      noMatch: <Box textAlign="center">No family matches.</Box>,
    },
    sorting: { defaultState: { sortingColumn: COLUMNS[0] } },
    pagination: { pageSize: 50 },
    selection: { trackBy: "family" },
  });
  const selected = collectionProps.selectedItems?.[0];
  return (
    <SpaceBetween size="m">
      {error && <ErrorAlert error={error} header="Could not list task definitions" action={<Button onClick={() => void reload()}>Retry</Button>} />}
      <Table
        {...collectionProps}
        data-testid="families-table"
        variant="full-page"
        items={items}
        columnDefinitions={COLUMNS}
        trackBy="family"
        selectionType="single"
        loading={loading && families.length === 0}
        loadingText="Loading task definitions"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={`(${families.length})`}
            description="Families with at least one ACTIVE revision."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" loading={loading} onClick={() => void reload()} />
                <Button disabled={!selected} onClick={() => selected && navigate(to("createTaskDefinition", {}, { from: `${selected.family}:${selected.latestRevision}` }))}>
                  Create new revision
                </Button>
                <Button variant="primary" onClick={() => navigate(to("createTaskDefinition"))}>
                  Create task definition
                </Button>
              </SpaceBetween>
            }
          >
            Task definitions
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find families" countText={`${filteredItemsCount ?? 0} matches`} />}
        pagination={<Pagination {...paginationProps} />}
      />
    </SpaceBetween>
  );
}
