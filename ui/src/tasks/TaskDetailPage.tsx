// One task: where it runs, each container's state, its network attachment, its logs;
// refreshed every two seconds until it settles.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { api } from "../api";
import { dateTime, shortDigest } from "../lib/format";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { useResource } from "../shell/useResource";
import { WhyPanel } from "../diagnose/WhyPanel";
import { LogViewer } from "./LogViewer";
import { StopTaskModal } from "./StopTaskModal";
import { inTransition, TaskStatus } from "./status";
import { LIVE_REFRESH_MS } from "./useTasks";

export function TaskDetailPage({ cluster, taskId }: { cluster: string; taskId: string }) {
  const { data: task, error, reload } = useResource(() => api.describeTask(cluster, taskId), [cluster, taskId]);
  const [stopping, setStopping] = useState(false);
  const { notify } = useNotifications();
  const moving = task ? inTransition(task) : false;
  useEffect(() => {
    if (!moving) return;
    const handle = setInterval(() => void reload(), LIVE_REFRESH_MS);
    return () => clearInterval(handle);
  }, [moving, reload]);

  if (error && !task) return <ErrorAlert error={error} header={`Could not describe task ${taskId}`} />;
  if (!task) return <Box>Loading…</Box>;
  const eni = task.attachments.find((a) => a.type === "ElasticNetworkInterface");

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={task.taskArn}
        actions={<Button disabled={task.desiredStatus === "STOPPED"} onClick={() => setStopping(true)} data-testid="stop-task">Stop</Button>}
      >
        Task {task.taskId}
      </Header>
      {task.desiredStatus === "STOPPED" && <WhyPanel subject={{ kind: "task", cluster, task: task.taskArn }} />}
      <Container header={<Header variant="h2">Overview</Header>}>
        <KeyValuePairs
          columns={4}
          items={[
            { label: "Last status", value: <span data-testid="task-last-status"><TaskStatus status={task.lastStatus} /></span> },
            { label: "Desired status", value: task.desiredStatus },
            { label: "Health", value: <TaskStatus status={task.healthStatus} /> },
            { label: "Task definition", value: task.taskDefinition },
            { label: "Launch type", value: task.launchType ?? "—" },
            { label: "CPU / memory", value: `${task.cpu ?? "—"} / ${task.memory ?? "—"}` },
            { label: "Private IP", value: task.privateIp ?? "—" },
            { label: "Availability zone", value: task.availabilityZone ?? "—" },
            { label: "Group", value: task.group ?? "—" },
            { label: "Started by", value: task.startedBy ?? "—" },
            { label: "Created", value: dateTime(task.createdAt) },
            { label: "Started", value: dateTime(task.startedAt) },
            { label: "Stopped", value: dateTime(task.stoppedAt) },
            { label: "Stop code", value: task.stopCode ?? "—" },
            { label: "Stopped reason", value: <span data-testid="stopped-reason">{task.stoppedReason ?? "—"}</span> },
          ]}
        />
      </Container>
      <Table
        header={<Header variant="h2" counter={`(${task.containers.length})`}>Containers</Header>}
        items={task.containers}
        trackBy="name"
        columnDefinitions={[
          { id: "name", header: "Name", cell: (c) => c.name, isRowHeader: true },
          { id: "status", header: "Status", cell: (c) => <TaskStatus status={c.lastStatus} /> },
          { id: "exit", header: "Exit code", cell: (c) => c.exitCode ?? "—" },
          { id: "reason", header: "Reason", cell: (c) => c.reason ?? "" },
          { id: "health", header: "Health", cell: (c) => <TaskStatus status={c.healthStatus} /> },
          { id: "image", header: "Image", cell: (c) => c.image ?? "—" },
          {
            id: "digest",
            header: "Image digest",
            cell: (c) => (c.imageDigest ? <CopyToClipboard variant="inline" textToCopy={c.imageDigest} textToDisplay={shortDigest(c.imageDigest)} copySuccessText="Copied" copyErrorText="Could not copy" /> : "—"),
          },
          { id: "bindings", header: "Network bindings", cell: (c) => c.networkBindings.map((b) => `${b.bindIp ?? ""}:${b.hostPort ?? "?"}→${b.containerPort}/${b.protocol ?? "tcp"}`).join(", ") || "—" },
        ]}
      />
      {eni && (
        <Container header={<Header variant="h2" description={`${eni.type} · ${eni.status ?? ""}`}>Network attachment</Header>}>
          <KeyValuePairs columns={3} items={eni.details.map((d) => ({ label: d.key, value: d.value }))} />
        </Container>
      )}
      <LogViewer cluster={cluster} taskArn={task.taskArn} taskId={task.taskId} running={task.lastStatus !== "STOPPED"} />
      {stopping && (
        <StopTaskModal
          cluster={cluster}
          task={task}
          onClose={() => setStopping(false)}
          onStopped={(t) => {
            setStopping(false);
            notify({ type: "success", content: `Stopping task ${t.taskId}.` });
            void reload();
          }}
        />
      )}
    </SpaceBetween>
  );
}
