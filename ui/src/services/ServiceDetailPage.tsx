// One service as an operator watches it: the rollout live (each deployment's counts,
// rollout state and reason on a timeline), events newest first, its tasks, each target's
// health, and auto scaling with its recent activities. Refreshed every 2 s while the
// service settles, every 10 s otherwise. The Deployments tab holds the history.
import { WhyPanel } from "../diagnose/WhyPanel";
import { useCallback, useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Link from "@cloudscape-design/components/link";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import Tabs from "@cloudscape-design/components/tabs";
import { api, toApiError, type ApiError, type Service, type ServiceScaling, type Task, type TargetHealth } from "../api";
import { ago, dateTime } from "../lib/format";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useEnvironment } from "../shell/environment";
import { useNotifications } from "../shell/notifications";
import { follow, navigate } from "../shell/router";
import { TaskStatus } from "../tasks/status";
import { taskHref } from "../tasks/TasksPage";
import { ServiceMetrics } from "../monitoring/ServiceMetrics";
import { DeleteServiceModal } from "./DeleteServiceModal";
import { primary, rolloutPercent, settling, targetGroupName } from "./model";
import { RolloutState, ServiceStatus } from "./status";
import { UpdateServiceModal } from "./UpdateServiceModal";
import { DeploymentsTab } from "./deployments/DeploymentsTab";
import { href, to } from "../paths";

const FAST_MS = 2000;
const SLOW_MS = 10000;

const HEALTH: Record<string, "success" | "error" | "pending" | "in-progress" | "stopped" | "info"> = {
  healthy: "success",
  unhealthy: "error",
  initial: "pending",
  draining: "in-progress",
  unused: "stopped",
};

export function ServiceDetailPage({ cluster, name, tab }: { cluster: string; name: string; tab?: string }) {
  const { generation } = useEnvironment();
  const { notify } = useNotifications();
  const [service, setService] = useState<Service | null>(null);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [targets, setTargets] = useState<TargetHealth[]>([]);
  const [scaling, setScaling] = useState<ServiceScaling | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [updating, setUpdating] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const load = useCallback(async () => {
    try {
      const s = await api.describeService(cluster, name);
      setService(s);
      setError(null);
      const found: Task[] = [];
      await api.listTasks(cluster, { desiredStatus: "RUNNING", serviceName: name }, (batch) => found.push(...batch));
      setTasks(found);
      const tg = s.loadBalancers.find((l) => l.targetGroupArn)?.targetGroupArn;
      setTargets(tg ? await api.targetHealth(tg) : []);
      setScaling(await api.serviceScaling(cluster, name));
    } catch (e) {
      setError(toApiError(e));
    }
  }, [cluster, name]);

  useEffect(() => {
    if (generation > 0) void load();
  }, [load, generation]);
  const fast = service ? settling(service) : false;
  useEffect(() => {
    if (!service || service.status === "INACTIVE") return;
    const handle = setTimeout(() => void load(), fast ? FAST_MS : SLOW_MS);
    return () => clearTimeout(handle);
  }, [service, fast, load]);

  if (!service) return error ? <ErrorAlert error={error} header={`Could not load service ${name}`} /> : <StatusIndicator type="loading">Loading {name}</StatusIndicator>;
  const p = primary(service);

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={service.serviceArn}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void load()} />
            <Button onClick={() => setDeleting(true)} disabled={service.status !== "ACTIVE"} data-testid="delete-service">Delete</Button>
            <Button variant="primary" onClick={() => setUpdating(true)} disabled={service.status !== "ACTIVE"} data-testid="update-service">Update</Button>
          </SpaceBetween>
        }
      >
        {service.serviceName}
      </Header>
      {error && <ErrorAlert error={error} header="The last refresh failed; showing what was loaded before" />}
      <WhyPanel subject={{ kind: "service", cluster, service: service.serviceName }} />
      <Tabs
        // Cloudscape gives each tab's header the tab id as its data-testid: "history" keeps
        // it apart from the Overview's [data-testid=deployments] panel.
        activeTabId={tab === "deployments" ? "history" : "overview"}
        onChange={({ detail }) => navigate(to("service", { cluster, name }, { tab: detail.activeTabId === "history" ? "deployments" : undefined }))}
        tabs={[
          {
            id: "overview",
            label: "Overview",
            content: (
              <SpaceBetween size="l">
                  <Container header={<Header variant="h2" actions={fast ? <StatusIndicator type="in-progress">Live: every 2 s while the service settles</StatusIndicator> : undefined}>Overview</Header>}>
                    <KeyValuePairs
                      columns={4}
                      items={[
                        { label: "Status", value: <ServiceStatus status={service.status} /> },
                        { label: "Desired / running / pending", value: <span data-testid="service-counts">{`${service.desiredCount} / ${service.runningCount} / ${service.pendingCount}`}</span> },
                        { label: "Task definition", value: <Link href={href("family", { family: service.taskDefinition.split(":")[0] })} onFollow={follow}>{service.taskDefinition}</Link> },
                        service.launchType
                          ? { label: "Launch type", value: service.launchType }
                          : { label: "Capacity provider strategy", value: service.capacityProviderStrategy.map((c) => `${c.capacityProvider} (weight ${c.weight}, base ${c.base})`).join(", ") || "—" },
                        { label: "Deployment", value: <span data-testid="service-rollout"><RolloutState deployment={p} /></span> },
                        { label: "Min healthy / max percent", value: `${service.deploymentConfiguration.minimumHealthyPercent}% / ${service.deploymentConfiguration.maximumPercent}%` },
                        { label: "Circuit breaker", value: service.deploymentConfiguration.circuitBreaker ? `On${service.deploymentConfiguration.rollback ? ", with rollback" : ""}` : "Off" },
                        { label: "Deployment alarms", value: service.deploymentAlarms?.enable ? `${service.deploymentAlarms.alarmNames.join(", ")}${service.deploymentAlarms.rollback ? ", with rollback" : ""}` : "Off" },
            { label: "Created", value: dateTime(service.createdAt) },
                      ]}
                    />
                  </Container>

                  <Container header={<Header variant="h2" counter={`(${service.deployments.length})`} description="PRIMARY is the revision being rolled out; ACTIVE ones are draining.">Deployments</Header>} data-testid="deployments">
                    <SpaceBetween size="l">
                      {service.deployments.map((d) => (
                        <SpaceBetween key={d.id} size="xs">
                          <SpaceBetween direction="horizontal" size="s" alignItems="center">
                            <Box variant="strong">{d.status}</Box>
                            <Box>{d.taskDefinition}</Box>
                            <RolloutState deployment={d} />
                            <Box variant="small" color="text-status-inactive">{d.id} · started {dateTime(d.createdAt)} · updated {ago(d.updatedAt)}</Box>
                          </SpaceBetween>
                          <ProgressBar
                            value={d.status === "PRIMARY" ? rolloutPercent(d) : d.desiredCount === 0 ? 100 - Math.min(100, d.runningCount * 20) : rolloutPercent(d)}
                            description={`desired ${d.desiredCount} · pending ${d.pendingCount} · running ${d.runningCount} · failed ${d.failedTasks}`}
                            additionalInfo={d.rolloutStateReason ?? undefined}
                            status={d.rolloutState === "FAILED" ? "error" : "in-progress"}
                            resultText={d.rolloutState ?? ""}
                          />
                        </SpaceBetween>
                      ))}
                    </SpaceBetween>
                  </Container>

                  <ServiceMetrics service={service} scaling={scaling} />

                  <Table
                    data-testid="service-events"
                    header={<Header variant="h2" counter={`(${service.events.length})`} description="Newest first, as ECS records them.">Events</Header>}
                    items={service.events.slice(0, 50)}
                    trackBy="id"
                    wrapLines
                    empty={<Box>No events yet.</Box>}
                    columnDefinitions={[
                      { id: "time", header: "Time", cell: (e) => dateTime(e.createdAt), width: 210 },
                      { id: "message", header: "Message", cell: (e) => e.message },
                    ]}
                  />

                  <Table
                    header={<Header variant="h2" counter={`(${tasks.length})`}>Tasks</Header>}
                    items={tasks}
                    trackBy="taskArn"
                    empty={<Box>No running tasks.</Box>}
                    columnDefinitions={[
                      { id: "task", header: "Task", cell: (t) => <Link href={taskHref(cluster, t.taskId)} onFollow={follow}>{t.taskId.slice(0, 12)}</Link> },
                      { id: "td", header: "Task definition", cell: (t) => t.taskDefinition },
                      { id: "last", header: "Last status", cell: (t) => <TaskStatus status={t.lastStatus} /> },
                      { id: "health", header: "Health", cell: (t) => <TaskStatus status={t.healthStatus} /> },
                      { id: "ip", header: "Private IP", cell: (t) => t.privateIp ?? "—" },
                      { id: "started", header: "Started", cell: (t) => ago(t.startedAt) },
                    ]}
                  />

                  {service.loadBalancers.length > 0 && (
                    <Table
                      data-testid="target-health"
                      header={<Header variant="h2" counter={`(${targets.length})`} description={service.loadBalancers.map((l) => `${l.targetGroupArn ? targetGroupName(l.targetGroupArn) : l.loadBalancerName} → ${l.containerName}:${l.containerPort}`).join(", ")}>Targets</Header>}
                      items={targets}
                      trackBy="id"
                      empty={<Box>No targets registered yet.</Box>}
                      columnDefinitions={[
                        { id: "id", header: "Target", cell: (t) => `${t.id}${t.port ? `:${t.port}` : ""}` },
                        { id: "state", header: "Health", cell: (t) => <StatusIndicator type={HEALTH[t.state] ?? "info"}>{t.state}</StatusIndicator> },
                        { id: "reason", header: "Reason", cell: (t) => [t.reason, t.description].filter(Boolean).join(": ") || "—" },
                      ]}
                    />
                  )}

                  <Container header={<Header variant="h2" description="Application Auto Scaling on the desired count.">Auto scaling</Header>} data-testid="service-scaling">
                    {!scaling ? (
                      <Box>This service has no auto scaling.</Box>
                    ) : (
                      <SpaceBetween size="m">
                        <KeyValuePairs
                          columns={3}
                          items={[
                            { label: "Minimum tasks", value: String(scaling.minCapacity ?? "—") },
                            { label: "Maximum tasks", value: String(scaling.maxCapacity ?? "—") },
                            {
                              label: "Policies",
                              value:
                                scaling.policies
                                  .map((x) => (x.policyType === "StepScaling" ? `${x.policyName}: ${x.steps.join(", ")}${x.alarms.length ? ` when ${x.alarms.join(", ")} fires` : ""}` : `${x.policyName}: ${x.metric ?? x.policyType} at ${x.targetValue ?? "—"}`))
                                  .join("; ") || "—",
                            },
                          ]}
                        />
                        <Table
                          variant="embedded"
                          header={<Header variant="h3" counter={`(${scaling.activities.length})`}>Recent scaling activities</Header>}
                          items={scaling.activities.slice(0, 20)}
                          trackBy="activityId"
                          wrapLines
                          empty={<Box>{scaling.activitiesError ? `Scaling activities could not be read: ${scaling.activitiesError}` : "No scaling activity yet."}</Box>}
                          columnDefinitions={[
                            { id: "time", header: "Started", cell: (a) => dateTime(a.startTime), width: 210 },
                            { id: "status", header: "Status", cell: (a) => a.statusCode },
                            { id: "description", header: "Description", cell: (a) => a.description },
                            { id: "cause", header: "Cause", cell: (a) => a.cause },
                          ]}
                        />
                      </SpaceBetween>
                    )}
                  </Container>
              </SpaceBetween>
            ),
          },
          { id: "history", label: "Deployments", content: <DeploymentsTab service={service} onChanged={() => void load()} /> },
        ]}
      />
      {updating && (
        <UpdateServiceModal
          service={service}
          onClose={() => setUpdating(false)}
          onUpdated={(s) => {
            setUpdating(false);
            setService(s);
            notify({ type: "success", header: `Updating ${s.serviceName}`, content: `Deployment of ${s.taskDefinition} started.` });
          }}
        />
      )}
      {deleting && (
        <DeleteServiceModal
          service={service}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            notify({ type: "success", content: `Service ${service.serviceName} is being deleted; its tasks drain first.` });
            navigate(to("clusterServices", { cluster }));
          }}
        />
      )}
    </SpaceBetween>
  );
}
