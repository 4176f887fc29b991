import { useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import CollectionPreferences from "@cloudscape-design/components/collection-preferences";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import type { Cluster } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { follow, navigate } from "../shell/router";
import { ClusterStatus } from "./ClusterStatus";
import { DeleteClusterModal } from "./DeleteClusterModal";
import { clusterMatches } from "./filter";
import { useClusters } from "./useClusters";
import { href, to } from "../paths";

const COLUMNS: TableProps.ColumnDefinition<Cluster>[] = [
  {
    id: "clusterName",
    header: "Cluster",
    cell: (c) => (
      <Link href={href("cluster", { name: c.clusterName })} onFollow={follow}>
        {c.clusterName}
      </Link>
    ),
    sortingField: "clusterName",
    isRowHeader: true,
    minWidth: 160,
  },
  { id: "status", header: "Status", cell: (c) => <ClusterStatus status={c.status} />, sortingField: "status", minWidth: 130 },
  { id: "running", header: "Running", cell: (c) => c.runningTasksCount, sortingField: "runningTasksCount" },
  { id: "pending", header: "Pending", cell: (c) => c.pendingTasksCount, sortingField: "pendingTasksCount" },
  { id: "services", header: "Services", cell: (c) => c.activeServicesCount, sortingField: "activeServicesCount" },
  {
    id: "instances",
    header: "Instances",
    cell: (c) => c.registeredContainerInstancesCount,
    sortingField: "registeredContainerInstancesCount",
  },
  {
    id: "capacityProviders",
    header: "Capacity providers",
    cell: (c) => (c.capacityProviders.length ? c.capacityProviders.join(", ") : "—"),
  },
  {
    id: "containerInsights",
    header: "Insights",
    cell: (c) => (c.containerInsights === "enabled" || c.containerInsights === "enhanced" ? c.containerInsights : "off"),
  },
];

export function ClustersPage() {
  const { clusters, loading, error, reload } = useClusters();
  const [pageSize, setPageSize] = useState(50);
  const [deleting, setDeleting] = useState<Cluster | null>(null);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount, actions } = useCollection(clusters, {
    filtering: {
      filteringFunction: clusterMatches,
      empty: (
        <Box textAlign="center" color="inherit">
          <SpaceBetween size="xs">
            <b>No clusters</b>
            <Box variant="p" color="inherit">
              A cluster groups the capacity your tasks and services run on. Create one to start.
            </Box>
            <Button onClick={() => navigate(to("createCluster"))}>Create cluster</Button>
          </SpaceBetween>
        </Box>
      ),
      noMatch: (
        <Box textAlign="center" color="inherit">
          <SpaceBetween size="xs">
            <b>No match</b>
            <Button onClick={() => actions.setFiltering("")}>Clear filter</Button>
          </SpaceBetween>
        </Box>
      ),
    },
    sorting: { defaultState: { sortingColumn: COLUMNS[0] } },
    pagination: { pageSize },
    selection: { trackBy: "clusterArn" },
  });
  const selected = collectionProps.selectedItems?.[0];

  return (
    <SpaceBetween size="m">
      {error && (
        <ErrorAlert error={error} header="Could not list clusters" action={<Button onClick={() => void reload()}>Retry</Button>} />
      )}
      <Table
        {...collectionProps}
        data-testid="clusters-table"
        variant="full-page"
        stickyHeader
        items={items}
        columnDefinitions={COLUMNS}
        trackBy="clusterArn"
        selectionType="single"
        wrapLines
        loading={loading && clusters.length === 0}
        loadingText="Loading clusters"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={`(${clusters.length})`}
            description="ListClusters and DescribeClusters in batches of 100, fetched concurrently."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" loading={loading} onClick={() => void reload()} />
                <Button disabled={!selected} onClick={() => selected && setDeleting(selected)}>
                  Delete
                </Button>
                <Button variant="primary" onClick={() => navigate(to("createCluster"))}>
                  Create cluster
                </Button>
              </SpaceBetween>
            }
          >
            Clusters
          </Header>
        }
        filter={
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Find clusters by name, status, capacity provider or tag"
            countText={`${filteredItemsCount ?? 0} ${filteredItemsCount === 1 ? "match" : "matches"}`}
          />
        }
        pagination={<Pagination {...paginationProps} />}
        preferences={
          <CollectionPreferences
            title="Preferences"
            confirmLabel="Confirm"
            cancelLabel="Cancel"
            preferences={{ pageSize }}
            pageSizePreference={{
              title: "Clusters per page",
              options: [20, 50, 100, 200].map((n) => ({ value: n, label: `${n} clusters` })),
            }}
            onConfirm={({ detail }) => setPageSize(detail.pageSize ?? 50)}
          />
        }
      />
      {deleting && (
        <DeleteClusterModal
          cluster={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            void reload();
          }}
        />
      )}
    </SpaceBetween>
  );
}
