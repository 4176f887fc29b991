// Services of a cluster, or of every cluster at once: counts, rollout state with progress,
// load balancer and auto scaling, filling as each DescribeServices batch of 10 arrives and
// refreshing while any service settles.
import { useEffect, useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { api, type Service } from "../api";
import { useClusters } from "../clusters/useClusters";
import { ago } from "../lib/format";
import { ErrorAlert } from "../shell/ErrorAlert";
import { follow, navigate } from "../shell/router";
import { primary, targetGroupName } from "./model";
import { DeploymentCell, ServiceStatus } from "./status";
import { useServices } from "./useServices";
import { href, to } from "../paths";

export const ALL = "*";
export const serviceHref = (cluster: string, service: string) => href("service", { cluster, name: service });

export function ServicesPage({ cluster: routeCluster }: { cluster?: string }) {
  const { clusters } = useClusters();
  const chosen = routeCluster ?? clusters[0]?.clusterName ?? null;
  const names = chosen === ALL ? clusters.map((c) => c.clusterName) : chosen ? [chosen] : [];
  const { services, loading, error, stats, live, reload } = useServices(names);
  const [scaled, setScaled] = useState<Set<string>>(new Set());
  useEffect(() => {
    api.scaledServices().then((ids) => setScaled(new Set(ids)), () => setScaled(new Set()));
  }, [services.length]);

  const columns: TableProps.ColumnDefinition<Service>[] = [
    { id: "name", header: "Service", cell: (s) => <Link href={serviceHref(s.clusterName, s.serviceName)} onFollow={follow}>{s.serviceName}</Link>, sortingField: "serviceName", isRowHeader: true },
    ...(chosen === ALL ? [{ id: "cluster", header: "Cluster", cell: (s: Service) => s.clusterName, sortingField: "clusterName" }] : []),
    { id: "status", header: "Status", cell: (s) => <ServiceStatus status={s.status} />, sortingField: "status", minWidth: 120 },
    { id: "tasks", header: "Desired / running / pending", cell: (s) => `${s.desiredCount} / ${s.runningCount} / ${s.pendingCount}`, minWidth: 210, sortingComparator: (a, b) => a.desiredCount - b.desiredCount },
    { id: "definition", header: "Task definition", cell: (s) => s.taskDefinition, sortingField: "taskDefinition", minWidth: 160 },
    { id: "launch", header: "Launch type", minWidth: 130, cell: (s) => s.launchType ?? (s.capacityProviderStrategy.map((c) => c.capacityProvider).join(", ") || "—") },
    { id: "deployment", header: "Deployment", cell: (s) => <DeploymentCell service={s} />, minWidth: 220, sortingComparator: (a, b) => (primary(a)?.rolloutState ?? "").localeCompare(primary(b)?.rolloutState ?? "") },
    { id: "lb", header: "Load balancer", minWidth: 140, cell: (s) => s.loadBalancers.map((l) => (l.targetGroupArn ? targetGroupName(l.targetGroupArn) : l.loadBalancerName)).join(", ") || "—" },
    { id: "scaling", header: "Auto scaling", minWidth: 130, cell: (s) => (scaled.has(`service/${s.clusterName}/${s.serviceName}`) ? "Yes" : "No") },
    { id: "created", header: "Created", cell: (s) => ago(s.createdAt), sortingField: "createdAt" },
  ];
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(services, {
    filtering: {
      empty: <Box textAlign="center">No services yet. A service keeps tasks running; create one with “Create service”.</Box>,
      noMatch: <Box textAlign="center">No service matches the filter.</Box>,
    },
    sorting: { defaultState: { sortingColumn: columns[0] } },
    pagination: { pageSize: 100 },
    selection: { trackBy: "serviceArn", keepSelection: true },
  });
  const clusterOptions = [{ value: ALL, label: "All clusters" }, ...clusters.map((c) => ({ value: c.clusterName, label: c.clusterName, description: `${c.activeServicesCount} services` }))];

  return (
    <SpaceBetween size="m">
      {error && <ErrorAlert error={error} header="Could not list services" action={<Button onClick={() => void reload()}>Retry</Button>} />}
      <Table
        {...collectionProps}
        data-testid="services-table"
        variant="full-page"
        items={items}
        columnDefinitions={columns}
        trackBy="serviceArn"
        stickyColumns={{ first: 1 }}
        resizableColumns
        loading={loading && services.length === 0}
        loadingText="Loading services"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={`(${services.length})`}
            description={
              <SpaceBetween direction="horizontal" size="xs">
                <span>ListServices then DescribeServices 10 at a time, shown as each batch arrives.</span>
                {stats && <span data-testid="listing-stats">{stats.listCalls} list + {stats.describeCalls} describe calls.</span>}
                {live && <StatusIndicator type="in-progress">Live: refreshing every 2 s while services settle</StatusIndicator>}
              </SpaceBetween>
            }
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" loading={loading} onClick={() => void reload()} />
                <Button variant="primary" onClick={() => navigate(to("createService", {}, { cluster: chosen && chosen !== ALL ? chosen : undefined }))}>Create service</Button>
              </SpaceBetween>
            }
          >
            Services
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="s" alignItems="end">
            <FormField label="Cluster">
              <Select
                selectedOption={clusterOptions.find((o) => o.value === chosen) ?? null}
                placeholder="No clusters"
                options={clusterOptions}
                onChange={({ detail }) => navigate(to("clusterServices", { cluster: detail.selectedOption.value ?? "" }))}
                data-testid="services-cluster"
              />
            </FormField>
            <TextFilter {...filterProps} filteringPlaceholder="Find services" countText={`${filteredItemsCount ?? 0} matches`} />
          </SpaceBetween>
        }
        pagination={<Pagination {...paginationProps} />}
      />
    </SpaceBetween>
  );
}
