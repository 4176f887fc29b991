// A cluster's container instances, live: type, zone, status, agent, CPU and memory in use
// against what each registered, task counts; drain (service tasks move elsewhere,
// standalone ones stay) and deregister confirmed by typing the EC2 instance ID.
import { useCallback, useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import Header from "@cloudscape-design/components/header";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { api, type ContainerInstance } from "../api";
import { ConfirmModal } from "../shell/ConfirmModal";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useAction } from "../shell/useAction";
import { usePolled } from "../shell/usePolled";

const REFRESH_MS = 3000;

const STATUS: Record<string, StatusIndicatorProps.Type> = { ACTIVE: "success", DRAINING: "in-progress", REGISTERING: "pending", DEREGISTERING: "stopped" };

function used(registered: number, remaining: number) {
  const inUse = Math.max(0, registered - remaining);
  return { inUse, percent: registered > 0 ? Math.round((inUse / registered) * 100) : 0 };
}

function Usage({ registered, remaining, unit }: { registered: number; remaining: number; unit: string }) {
  const { inUse, percent } = used(registered, remaining);
  return <ProgressBar value={percent} additionalInfo={`${inUse} of ${registered} ${unit} reserved`} variant="standalone" />;
}

const COLUMNS: TableProps.ColumnDefinition<ContainerInstance>[] = [
  { id: "instance", header: "Instance", cell: (c) => c.ec2InstanceId ?? c.id, isRowHeader: true, sortingField: "ec2InstanceId", minWidth: 150 },
  { id: "type", header: "Type", cell: (c) => c.instanceType ?? "—", sortingField: "instanceType" },
  { id: "zone", header: "Zone", cell: (c) => c.availabilityZone ?? "—", sortingField: "availabilityZone" },
  { id: "status", header: "Status", cell: (c) => <StatusIndicator type={STATUS[c.status] ?? "info"}>{c.status}</StatusIndicator>, sortingField: "status" },
  {
    id: "agent",
    header: "Agent",
    cell: (c) => (c.agentConnected ? <StatusIndicator type="success">{c.agentVersion ?? "connected"}</StatusIndicator> : <StatusIndicator type="error">disconnected</StatusIndicator>),
  },
  { id: "cpu", header: "CPU", cell: (c) => <Usage registered={c.cpuRegistered} remaining={c.cpuRemaining} unit="units" />, minWidth: 150 },
  { id: "memory", header: "Memory", cell: (c) => <Usage registered={c.memoryRegistered} remaining={c.memoryRemaining} unit="MiB" />, minWidth: 150 },
  { id: "running", header: "Running", cell: (c) => c.runningTasks, sortingField: "runningTasks" },
  { id: "pending", header: "Pending", cell: (c) => c.pendingTasks, sortingField: "pendingTasks" },
];

export function ContainerInstancesTab({ cluster }: { cluster: string }) {
  const fetch = useCallback(() => api.listContainerInstances(cluster), [cluster]);
  const { data: instances, error, reload: load } = usePolled(fetch, REFRESH_MS);
  const [deregistering, setDeregistering] = useState<ContainerInstance | null>(null);


  const { items, collectionProps, filterProps, actions } = useCollection(instances ?? [], {
    filtering: {
      filteringFunction: (c, text) => [c.ec2InstanceId, c.id, c.instanceType, c.availabilityZone, c.status].some((v) => v?.toLowerCase().includes(text.toLowerCase())),
      empty: (
        <Box textAlign="center" color="inherit">
          <SpaceBetween size="xs">
            <b>No container instances</b>
            <Box variant="p" color="inherit">
              EC2 instances join this cluster when their ECS agent registers (ECS_CLUSTER={cluster} in the instance's user data). Fargate tasks need none.
            </Box>
          </SpaceBetween>
        </Box>
      ),
      noMatch: <Button onClick={() => actions.setFiltering("")}>Clear filter</Button>,
    },
    sorting: {},
    selection: { trackBy: "arn", keepSelection: true },
  });
  const selected = collectionProps.selectedItems ?? [];

  const drain = useAction();
  const setDraining = (draining: boolean) =>
    drain.run(async () => {
      await api.setContainerInstancesDraining(cluster, selected.map((c) => c.arn), draining);
      await load();
    });

  return (
    <SpaceBetween size="m">
      {error && <ErrorAlert error={error} header="Container instances" />}
      {drain.error && <ErrorAlert error={drain.error} header="Not changed" />}
      <Table
        {...collectionProps}
        items={items}
        columnDefinitions={COLUMNS}
        selectionType="multi"
        loading={instances === null}
        loadingText="Listing container instances"
        variant="embedded"
        data-testid="container-instances"
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find instances" />}
        header={
          <Header
            counter={instances ? `(${instances.length})` : undefined}
            description="Draining keeps new tasks off an instance; ECS moves its service tasks to other instances within each service's deployment limits and leaves standalone tasks running."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh container instances" onClick={() => void load()} />
                <Button disabled={!selected.some((c) => c.status === "ACTIVE")} loading={drain.busy} onClick={() => void setDraining(true)}>
                  Drain
                </Button>
                <Button disabled={!selected.some((c) => c.status === "DRAINING")} loading={drain.busy} onClick={() => void setDraining(false)}>
                  Set active
                </Button>
                <Button disabled={selected.length !== 1} onClick={() => setDeregistering(selected[0])}>
                  Deregister
                </Button>
              </SpaceBetween>
            }
          >
            Container instances
          </Header>
        }
      />
      {deregistering && (
        <DeregisterModal
          cluster={cluster}
          instance={deregistering}
          onClose={() => setDeregistering(null)}
          onDone={() => {
            setDeregistering(null);
            actions.setSelectedItems([]);
            void load();
          }}
        />
      )}
    </SpaceBetween>
  );
}

function DeregisterModal({ cluster, instance, onClose, onDone }: { cluster: string; instance: ContainerInstance; onClose: () => void; onDone: () => void }) {
  const name = instance.ec2InstanceId ?? instance.id;
  const [force, setForce] = useState(false);
  const tasks = instance.runningTasks + instance.pendingTasks;
  return (
    <ConfirmModal
      header={`Deregister ${name}?`}
      expected={name}
      confirmLabel="Deregister"
      failureHeader="Not deregistered"
      onClose={onClose}
      onConfirm={async (typed) => {
        await api.deregisterContainerInstance(cluster, instance.arn, force, typed);
        onDone();
      }}
    >
      <Box variant="p">
        The instance leaves the cluster and gets no more tasks; the EC2 instance itself keeps running (stop or terminate it in EC2, or let its Auto Scaling group do it).
        {tasks > 0 && ` It has ${tasks} task${tasks === 1 ? "" : "s"}: ECS refuses unless you force it, which orphans them (services start replacements elsewhere). Drain it first to move service tasks gently.`}
      </Box>
      {tasks > 0 && (
        <Checkbox checked={force} onChange={({ detail }) => setForce(detail.checked)}>
          Force: deregister with its tasks still on it
        </Checkbox>
      )}
    </ConfirmModal>
  );
}
