import { useCallback, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import Tabs from "@cloudscape-design/components/tabs";
import { api, type Cluster } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useEnvironment } from "../shell/environment";
import { navigate } from "../shell/router";
import { usePolled } from "../shell/usePolled";
import { ClusterStatus } from "./ClusterStatus";
import { CapacityProvidersPanel } from "./CapacityProvidersPanel";
import { ContainerInstancesTab } from "./ContainerInstancesTab";
import { DeleteClusterModal } from "./DeleteClusterModal";
import { to } from "../paths";

export function ClusterDetailPage({ name }: { name: string }) {
  const { generation } = useEnvironment();
  const [deleting, setDeleting] = useState(false);
  // The overview's counts follow the cluster as instances register and tasks start.
  const describe = useCallback(() => (generation > 0 ? api.describeCluster(name) : new Promise<Cluster>(() => {})), [name, generation]);
  const { data: cluster, error, reload: load } = usePolled(describe, 5000);

  const stat = (key: string) => cluster?.statistics.find((s) => s.key === key)?.value ?? "0";

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void load()} />
              <Button disabled={!cluster || cluster.status === "INACTIVE"} onClick={() => setDeleting(true)}>
                Delete cluster
              </Button>
            </SpaceBetween>
          }
        >
          {name}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {error && <ErrorAlert error={error} header={`Could not describe cluster ${name}`} />}
        {!cluster && !error && <Spinner size="large" />}
        {cluster && (
          <>
            <Container header={<Header variant="h2">Overview</Header>}>
              <KeyValuePairs
                columns={4}
                items={[
                  { label: "Status", value: <ClusterStatus status={cluster.status} /> },
                  { label: "Active services", value: cluster.activeServicesCount },
                  { label: "Running tasks", value: cluster.runningTasksCount },
                  { label: "Pending tasks", value: cluster.pendingTasksCount },
                  { label: "Container instances", value: cluster.registeredContainerInstancesCount },
                  { label: "Running Fargate tasks", value: stat("runningFargateTasksCount") },
                  { label: "Running EC2 tasks", value: stat("runningEC2TasksCount") },
                  { label: "Container Insights", value: cluster.containerInsights ?? "disabled" },
                  { label: "Capacity providers", value: cluster.capacityProviders.join(", ") || "—" },
                  { label: "ARN", value: <Box variant="code">{cluster.clusterArn}</Box> },
                  { label: "Tags", value: cluster.tags.map((t) => `${t.key}=${t.value}`).join(", ") || "—" },
                ]}
              />
            </Container>
            <Tabs
              tabs={[
                {
                  id: "services",
                  label: "Services",
                  content: (
                    <Box padding="l" textAlign="center">
                      <SpaceBetween size="s" alignItems="center">
                        <Box>{cluster.activeServicesCount} active service{cluster.activeServicesCount === 1 ? "" : "s"}.</Box>
                        <SpaceBetween direction="horizontal" size="xs">
                          <Button onClick={() => navigate(to("clusterServices", { cluster: cluster.clusterName }))}>Open the services</Button>
                          <Button onClick={() => navigate(to("clusterMonitoring", { cluster: cluster.clusterName }))}>Monitor them</Button>
                          <Button variant="primary" onClick={() => navigate(to("createService", {}, { cluster: cluster.clusterName }))}>Create service</Button>
                        </SpaceBetween>
                      </SpaceBetween>
                    </Box>
                  ),
                },
                {
                  id: "tasks",
                  label: "Tasks",
                  content: (
                    <Box padding="l" textAlign="center">
                      <SpaceBetween size="s" alignItems="center">
                        <Box>{cluster.runningTasksCount} running, {cluster.pendingTasksCount} pending.</Box>
                        <SpaceBetween direction="horizontal" size="xs">
                          <Button onClick={() => navigate(to("clusterTasks", { cluster: cluster.clusterName }))}>Open the tasks</Button>
                          <Button variant="primary" onClick={() => navigate(to("runTask", {}, { cluster: cluster.clusterName }))}>Run task</Button>
                        </SpaceBetween>
                      </SpaceBetween>
                    </Box>
                  ),
                },
                {
                  id: "infrastructure",
                  label: "Infrastructure",
                  content: (
                    <SpaceBetween size="l">
                      <CapacityProvidersPanel cluster={cluster.clusterName} />
                      <ContainerInstancesTab cluster={cluster.clusterName} />
                    </SpaceBetween>
                  ),
                },
              ]}
            />
          </>
        )}
      </SpaceBetween>
      {deleting && cluster && (
        <DeleteClusterModal cluster={cluster} onClose={() => setDeleting(false)} onDeleted={() => navigate(to("clusters"))} />
      )}
    </ContentLayout>
  );
}
