// ECR repositories of the active environment: what they hold and how images get there.
import { useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { api, type Repository } from "../api";
import { dateTime } from "../lib/format";
import { ConfirmModal } from "../shell/ConfirmModal";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { follow, navigate } from "../shell/router";
import { useResource } from "../shell/useResource";
import { CreateRepositoryModal } from "./CreateRepositoryModal";
import { href, to } from "../paths";

export function repositoryHref(name: string): string {
  return href("repository", { name });
}

const COLUMNS: TableProps.ColumnDefinition<Repository>[] = [
  {
    id: "name",
    header: "Repository",
    cell: (r) => (
      <Link href={repositoryHref(r.repositoryName)} onFollow={follow}>
        {r.repositoryName}
      </Link>
    ),
    sortingField: "repositoryName",
    isRowHeader: true,
  },
  { id: "uri", header: "URI", cell: (r) => <Box variant="code">{r.repositoryUri}</Box> },
  { id: "created", header: "Created", cell: (r) => dateTime(r.createdAt), sortingField: "createdAt" },
  { id: "mutability", header: "Tags", cell: (r) => (r.imageTagMutability === "IMMUTABLE" ? "Immutable" : "Mutable"), sortingField: "imageTagMutability" },
  { id: "scan", header: "Scan on push", cell: (r) => (r.scanOnPush ? "On" : "Off") },
  { id: "encryption", header: "Encryption", cell: (r) => r.encryptionType },
  { id: "images", header: "Images", cell: (r) => r.imageCount, sortingField: "imageCount" },
];

export function RepositoriesPage() {
  const { data, loading, error, reload } = useResource(api.listRepositories, []);
  const { notify } = useNotifications();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Repository | null>(null);
  const [force, setForce] = useState(false);
  const repositories = data ?? [];
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(repositories, {
    filtering: {
      empty: (
        <Box textAlign="center" color="inherit">
          <SpaceBetween size="xs">
            <b>No repositories</b>
            <Box variant="p" color="inherit">
              A repository holds the container images your task definitions run.
            </Box>
            <Button onClick={() => setCreating(true)}>Create repository</Button>
          </SpaceBetween>
        </Box>
      ),
      noMatch: <Box textAlign="center">No repository matches.</Box>,
    },
    sorting: { defaultState: { sortingColumn: COLUMNS[0] } },
    pagination: { pageSize: 50 },
    selection: { trackBy: "repositoryName" },
  });
  const selected = collectionProps.selectedItems?.[0];

  return (
    <SpaceBetween size="m">
      {error && <ErrorAlert error={error} header="Could not list repositories" action={<Button onClick={() => void reload()}>Retry</Button>} />}
      <Table
        {...collectionProps}
        data-testid="repositories-table"
        variant="full-page"
        items={items}
        columnDefinitions={COLUMNS}
        trackBy="repositoryName"
        selectionType="single"
        loading={loading && repositories.length === 0}
        loadingText="Loading repositories"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={`(${repositories.length})`}
            description="Amazon ECR repositories: push an image here, then name it in a task definition."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" loading={loading} onClick={() => void reload()} />
                <Button disabled={!selected} onClick={() => { setForce(false); setDeleting(selected ?? null); }}>
                  Delete
                </Button>
                <Button variant="primary" onClick={() => setCreating(true)}>
                  Create repository
                </Button>
              </SpaceBetween>
            }
          >
            Repositories
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find repositories" countText={`${filteredItemsCount ?? 0} matches`} />}
        pagination={<Pagination {...paginationProps} />}
      />
      {creating && (
        <CreateRepositoryModal
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            notify({ type: "success", header: `Repository ${r.repositoryName} created`, content: r.repositoryUri });
            navigate(to("repository", { name: r.repositoryName }));
          }}
        />
      )}
      {deleting && (
        <ConfirmModal
          header={`Delete repository ${deleting.repositoryName}?`}
          expected={deleting.repositoryName}
          confirmLabel="Delete"
          failureHeader="ECR refused to delete the repository"
          onClose={() => setDeleting(null)}
          onConfirm={async (typed) => {
            await api.deleteRepository(deleting.repositoryName, force, typed);
            setDeleting(null);
            notify({ type: "success", content: `Repository ${deleting.repositoryName} deleted.` });
            void reload();
          }}
        >
          <Box variant="p">
            This deletes <b>{deleting.repositoryName}</b>. Task definitions that name its images will fail to start new tasks.
          </Box>
          {deleting.imageCount > 0 && (
            <Checkbox checked={force} onChange={({ detail }) => setForce(detail.checked)} data-testid="force-delete">
              Also delete its {deleting.imageCount} image{deleting.imageCount === 1 ? "" : "s"} (ECR refuses to delete a repository that still holds images)
            </Checkbox>
          )}
        </ConfirmModal>
      )}
    </SpaceBetween>
  );
}
