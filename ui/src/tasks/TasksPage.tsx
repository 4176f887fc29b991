// The tasks of one cluster: filters ECS applies (status, family, service, launch type),
// a text filter over what came back, and live refresh while tasks change state.
import { useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import CollectionPreferences, { type CollectionPreferencesProps } from "@cloudscape-design/components/collection-preferences";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { api, type Task, type TaskFilter } from "../api";
import { useClusters } from "../clusters/useClusters";
import { ago } from "../lib/format";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { follow, navigate } from "../shell/router";
import { useResource } from "../shell/useResource";
import { StopTaskModal } from "./StopTaskModal";
import { TaskStatus } from "./status";
import { useTasks } from "./useTasks";
import { href, to } from "../paths";

export const taskHref = (cluster: string, taskId: string) => href("task", { cluster, taskId });

function columns(cluster: string): TableProps.ColumnDefinition<Task>[] {
  return [
    { id: "task", minWidth: 150, header: "Task", cell: (t) => <Link href={taskHref(cluster, t.taskId)} onFollow={follow}>{t.taskId.slice(0, 12)}</Link>, isRowHeader: true, sortingField: "taskId" },
    { id: "definition", minWidth: 150, header: "Task definition", cell: (t) => t.taskDefinition, sortingField: "taskDefinition" },
    { id: "last", minWidth: 150, header: "Last status", cell: (t) => <TaskStatus status={t.lastStatus} />, sortingField: "lastStatus" },
    { id: "desired", minWidth: 110, header: "Desired", cell: (t) => t.desiredStatus, sortingField: "desiredStatus" },
    { id: "launch", minWidth: 120, header: "Launch type", cell: (t) => t.launchType ?? "—", sortingField: "launchType" },
    { id: "started", minWidth: 110, header: "Started", cell: (t) => ago(t.startedAt), sortingField: "startedAt" },
    { id: "size", minWidth: 130, header: "CPU / memory", cell: (t) => `${t.cpu ?? "—"} / ${t.memory ?? "—"}` },
    { id: "health", minWidth: 130, header: "Health", cell: (t) => <TaskStatus status={t.healthStatus} /> },
    { id: "ip", minWidth: 130, header: "Private IP", cell: (t) => t.privateIp ?? "—" },
    { id: "group", minWidth: 170, header: "Group", cell: (t) => t.group ?? "—", sortingField: "group" },
    { id: "reason", minWidth: 200, header: "Stopped reason", cell: (t) => t.stoppedReason ?? "", maxWidth: 280 },
  ];
}

const COLUMNS_KEY = "berth.tasks.columns";
const COLUMN_LABELS: Record<string, string> = {
  task: "Task", definition: "Task definition", last: "Last status", desired: "Desired status", launch: "Launch type", started: "Started",
  size: "CPU / memory", health: "Health", ip: "Private IP", group: "Group", reason: "Stopped reason",
};

// Which columns show, in which order: the user's choice, kept across restarts.
function savedColumns(): CollectionPreferencesProps.ContentDisplayItem[] {
  const all = Object.keys(COLUMN_LABELS).map((id) => ({ id, visible: true }));
  try {
    const saved = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? "null") as CollectionPreferencesProps.ContentDisplayItem[] | null;
    if (Array.isArray(saved) && saved.length === all.length && saved.every((c) => c.id in COLUMN_LABELS)) return saved;
  } catch {
    /* a damaged preference falls back to every column */
  }
  return all;
}

export function TasksPage({ cluster: routeCluster }: { cluster?: string }) {
  const { clusters } = useClusters();
  const families = useResource(api.listTaskDefinitionFamilies, []);
  const cluster = routeCluster ?? clusters[0]?.clusterName ?? null;
  const [filter, setFilter] = useState<TaskFilter>({ desiredStatus: "RUNNING" });
  const [service, setService] = useState("");
  const { tasks, loading, error, stats, live, reload } = useTasks(cluster, filter);
  const [stopping, setStopping] = useState<Task | null>(null);
  const { notify } = useNotifications();
  const cols = columns(cluster ?? "");
  const [columnDisplay, setColumnDisplay] = useState(savedColumns);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(tasks, {
    filtering: { empty: <Box textAlign="center">No tasks match. Run one with “Run task”.</Box>, noMatch: <Box textAlign="center">No task matches the text filter.</Box> },
    sorting: { defaultState: { sortingColumn: cols[5], isDescending: true } },
    pagination: { pageSize: 100 },
    selection: { trackBy: "taskArn", keepSelection: true },
  });
  const selected = collectionProps.selectedItems?.[0];
  const familyOptions = [{ value: "", label: "All families" }, ...(families.data ?? []).map((f) => ({ value: f.family, label: f.family }))];

  return (
    <SpaceBetween size="m">
      {error && <ErrorAlert error={error} header="Could not list tasks" action={<Button onClick={() => void reload()}>Retry</Button>} />}
      <Table
        {...collectionProps}
        data-testid="tasks-table"
        variant="full-page"
        items={items}
        columnDefinitions={cols}
        trackBy="taskArn"
        selectionType="single"
        columnDisplay={columnDisplay}
        stickyColumns={{ first: 1 }}
        resizableColumns
        loading={loading && tasks.length === 0}
        loadingText="Loading tasks"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={`(${tasks.length})`}
            description={
              <SpaceBetween direction="horizontal" size="xs">
                <span>ListTasks then DescribeTasks 100 at a time, shown as each batch arrives.</span>
                {stats && <span data-testid="listing-stats">{stats.listCalls} list + {stats.describeCalls} describe calls.</span>}
                {live && <StatusIndicator type="in-progress">Live: refreshing every 2 s while tasks change state</StatusIndicator>}
              </SpaceBetween>
            }
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" loading={loading} onClick={() => void reload()} />
                <Button disabled={!selected || selected.desiredStatus === "STOPPED"} onClick={() => setStopping(selected ?? null)}>Stop</Button>
                <Button variant="primary" onClick={() => navigate(to("runTask", {}, { cluster }))}>Run task</Button>
              </SpaceBetween>
            }
          >
            Tasks
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="s" alignItems="end">
            <FormField label="Cluster">
              <Select
                selectedOption={cluster ? { value: cluster } : null}
                placeholder="No clusters"
                options={clusters.map((c) => ({ value: c.clusterName, description: `${c.runningTasksCount} running` }))}
                onChange={({ detail }) => navigate(to("clusterTasks", { cluster: detail.selectedOption.value ?? "" }))}
                data-testid="tasks-cluster"
              />
            </FormField>
            <FormField label="Desired status">
              <SegmentedControl
                selectedId={filter.desiredStatus ?? "RUNNING"}
                onChange={({ detail }) => setFilter((f) => ({ ...f, desiredStatus: detail.selectedId as TaskFilter["desiredStatus"] }))}
                options={[{ id: "RUNNING", text: "Running" }, { id: "STOPPED", text: "Stopped" }, { id: "ALL", text: "All" }]}
              />
            </FormField>
            <FormField label="Family">
              <Select selectedOption={familyOptions.find((o) => o.value === (filter.family ?? "")) ?? familyOptions[0]} options={familyOptions} onChange={({ detail }) => setFilter((f) => ({ ...f, family: detail.selectedOption.value || undefined }))} />
            </FormField>
            <FormField label="Service">
              <Input value={service} placeholder="service name" onChange={({ detail }) => setService(detail.value)} onBlur={() => setFilter((f) => ({ ...f, serviceName: service.trim() || undefined }))} onKeyDown={({ detail }) => detail.key === "Enter" && setFilter((f) => ({ ...f, serviceName: service.trim() || undefined }))} />
            </FormField>
            <FormField label="Launch type">
              <Select
                selectedOption={{ value: filter.launchType ?? "", label: filter.launchType ?? "Any" }}
                options={[{ value: "", label: "Any" }, { value: "FARGATE" }, { value: "EC2" }, { value: "EXTERNAL" }]}
                onChange={({ detail }) => setFilter((f) => ({ ...f, launchType: detail.selectedOption.value || undefined }))}
              />
            </FormField>
            <TextFilter {...filterProps} filteringPlaceholder="Find in these tasks" countText={`${filteredItemsCount ?? 0} matches`} />
          </SpaceBetween>
        }
        pagination={<Pagination {...paginationProps} />}
        preferences={
          <CollectionPreferences
            title="Preferences"
            confirmLabel="Confirm"
            cancelLabel="Cancel"
            preferences={{ contentDisplay: columnDisplay }}
            contentDisplayPreference={{ title: "Columns", options: Object.entries(COLUMN_LABELS).map(([id, label]) => ({ id, label, alwaysVisible: id === "task" })) }}
            onConfirm={({ detail }) => {
              const next = [...(detail.contentDisplay ?? columnDisplay)];
              setColumnDisplay(next);
              localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
            }}
          />
        }
      />
      {stopping && cluster && (
        <StopTaskModal
          cluster={cluster}
          task={stopping}
          onClose={() => setStopping(null)}
          onStopped={(t) => {
            setStopping(null);
            notify({ type: "success", content: `Stopping task ${t.taskId}.` });
            void reload();
          }}
        />
      )}
    </SpaceBetween>
  );
}
