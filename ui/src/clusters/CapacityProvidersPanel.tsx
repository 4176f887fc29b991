// A cluster's capacity, live: each capacity provider with its place in the default
// strategy and its managed scaling and termination protection; for an Auto Scaling group
// provider, the group's minimum/desired/maximum, its instances and its latest activities
// (launches, terminations, and why: a user's request or ECS's managed scaling).
import { useCallback } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { api, type GroupActivity, type ProviderView } from "../api";
import { dateTime } from "../lib/format";
import { ErrorAlert } from "../shell/ErrorAlert";
import { navigate } from "../shell/router";
import { usePolled } from "../shell/usePolled";
import { to } from "../paths";

const REFRESH_MS = 3000;

const ACTIVITY: Record<string, StatusIndicatorProps.Type> = { Successful: "success", InProgress: "in-progress", Failed: "error", Cancelled: "stopped" };

function strategyText(p: ProviderView): string {
  return p.weight !== null ? `weight ${p.weight}, base ${p.base ?? 0}` : "not in the default strategy";
}

function ProviderContainer({ p }: { p: ProviderView }) {
  const g = p.group;
  return (
    <Container
      header={
        <Header variant="h3" description={g ? `Auto Scaling group ${g.name}` : "AWS Fargate"}>
          {p.name}
        </Header>
      }
      data-testid={`provider-${p.name}`}
    >
      <SpaceBetween size="m">
        <ColumnLayout columns={4} variant="text-grid">
          <div>
            <Box variant="awsui-key-label">Default strategy</Box>
            <div>{strategyText(p)}</div>
          </div>
          {g && (
            <>
              <div>
                <Box variant="awsui-key-label">Managed scaling</Box>
                <div>{p.managedScaling === "ENABLED" ? `on, target ${p.targetCapacity ?? 100} %` : "off"}</div>
              </div>
              <div>
                <Box variant="awsui-key-label">Termination protection</Box>
                <div>{p.managedTerminationProtection === "ENABLED" ? "managed" : "off"}</div>
              </div>
              <div>
                <Box variant="awsui-key-label">Instances (min / desired / max)</Box>
                <div data-testid={`group-size-${p.name}`}>
                  {g.minSize} / {g.desiredCapacity} / {g.maxSize} · {g.instances.length} in the group
                </div>
              </div>
            </>
          )}
        </ColumnLayout>
        {g && (
          <ExpandableSection headerText={`Activities (${g.activities.length})`} defaultExpanded data-testid={`activities-${p.name}`}>
            <Table<GroupActivity>
              variant="embedded"
              items={g.activities.slice(0, 8)}
              columnDefinitions={[
                { id: "status", header: "Status", cell: (a) => <StatusIndicator type={ACTIVITY[a.status] ?? "info"}>{a.status}</StatusIndicator>, minWidth: 130 },
                { id: "description", header: "What", cell: (a) => a.description, isRowHeader: true, minWidth: 240 },
                { id: "cause", header: "Why", cell: (a) => <Box variant="small">{a.cause}</Box>, minWidth: 320 },
                { id: "start", header: "Started", cell: (a) => dateTime(a.start), minWidth: 190 },
              ]}
              empty="No activity yet."
              wrapLines
            />
          </ExpandableSection>
        )}
      </SpaceBetween>
    </Container>
  );
}

export function CapacityProvidersPanel({ cluster }: { cluster: string }) {
  const fetch = useCallback(() => api.describeInfrastructure(cluster), [cluster]);
  const { data: infra, error } = usePolled(fetch, REFRESH_MS);

  const hasGroup = infra?.providers.some((p) => p.group) ?? false;
  return (
    <SpaceBetween size="m">
      <Header
        variant="h2"
        description="What the cluster's tasks run on: Fargate, and Auto Scaling groups of EC2 instances registered as capacity providers."
        actions={
          <Button onClick={() => navigate(to("addCapacity", { name: cluster }))} data-testid="add-capacity">
            {hasGroup ? "Add more EC2 capacity" : "Add EC2 capacity"}
          </Button>
        }
        counter={infra ? `(${infra.providers.length})` : undefined}
      >
        Capacity providers
      </Header>
      {error && <ErrorAlert error={error} header="Could not read the cluster's capacity" />}
      {infra && infra.providers.length === 0 && <Box color="text-status-inactive">No capacity providers: tasks use a launch type (FARGATE or EC2) directly.</Box>}
      {/* The EC2 groups first: they are what there is to watch. */}
      {infra && [...infra.providers.filter((p) => p.group), ...infra.providers.filter((p) => !p.group)].map((p) => <ProviderContainer key={p.name} p={p} />)}
    </SpaceBetween>
  );
}
