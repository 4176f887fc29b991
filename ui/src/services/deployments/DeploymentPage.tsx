// One service deployment: how it went (status, times, circuit breaker, alarms, rollback and
// what stopped it), the revision it rolled out (task definition, capacity, network, load
// balancers, images), its flight recorder, and a compare with any other revision of the
// service. Followed every 2 s while it runs; Roll back and Redeploy from here as from the history.
import { useCallback, useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { api, toApiError, type ApiError, type DeploymentDetail, type Service, type ServiceRevision } from "../../api";
import { dateTime } from "../../lib/format";
import { ErrorAlert } from "../../shell/ErrorAlert";
import { useNotifications } from "../../shell/notifications";
import { follow } from "../../shell/router";
import { href } from "../../paths";
import { ActionModal } from "./ActionModal";
import { deploymentArn, duration, revisionName, statusIndicator, statusText, stoppedBy } from "./model";
import { FlightRecorder } from "./FlightRecorder";
import { LifecyclePanel } from "./LifecyclePanel";
import { RevisionCompare } from "./RevisionCompare";

const LIVE_MS = 2000;

function RevisionView({ revision }: { revision: ServiceRevision }) {
  return (
    <KeyValuePairs
      columns={3}
      items={[
        { label: "Task definition", value: <Link href={href("family", { family: revision.taskDefinition.split(":")[0] })} onFollow={follow}>{revision.taskDefinition}</Link> },
        { label: "Service revision", value: revision.id },
        { label: "Created", value: dateTime(revision.createdAt) },
        revision.launchType ? { label: "Launch type", value: `${revision.launchType}${revision.platformVersion ? ` (platform ${revision.platformVersion})` : ""}` } : { label: "Capacity provider strategy", value: revision.capacityProviderStrategy.join("; ") || "—" },
        { label: "Network", value: revision.network ? `${revision.network.subnets.join(", ")} · ${revision.network.securityGroups.join(", ") || "default security group"}${revision.network.assignPublicIp ? " · public IP" : ""}` : "—" },
        { label: "Load balancers", value: revision.loadBalancers.map((l) => `${l.targetGroupArn?.split("/")[1] ?? "—"} → ${l.containerName}:${l.containerPort}${l.alternateTargetGroupArn ? ` (alternate ${l.alternateTargetGroupArn.split("/")[1]})` : ""}`).join(", ") || "—" },
        { label: "Images", value: <SpaceBetween size="xxs">{revision.containerImages.map((c) => <Box key={c.containerName} variant="code">{`${c.containerName}: ${c.image}${c.imageDigest ? `@${c.imageDigest.slice(0, 19)}…` : ""}`}</Box>)}</SpaceBetween> },
      ]}
    />
  );
}

export function DeploymentPage({ cluster, name, id }: { cluster: string; name: string; id: string }) {
  const { notify } = useNotifications();
  const [service, setService] = useState<Service | null>(null);
  const [deployment, setDeployment] = useState<DeploymentDetail | null>(null);
  const [revisions, setRevisions] = useState<ServiceRevision[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [action, setAction] = useState<"rollback" | "redeploy" | null>(null);
  // The endpoint's clock (the sandbox's runs fast), read with each refresh and run on
  // between them, so a hook's timeout counts down as ECS counts it.
  const [clock, setClock] = useState<{ now: number; speed: number; at: number } | null>(null);
  const [tick, setTick] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const load = useCallback(async () => {
    try {
      const s = service ?? (await api.describeService(cluster, name));
      setService(s);
      const d = await api.serviceDeployment(deploymentArn(s.serviceArn, id));
      setDeployment(d);
      const [now, speed] = await api.endpointNow();
      setClock({ now, speed, at: Date.now() });
      // The revisions a compare can choose from, read once: this deployment's and the
      // recent history's. Revisions never change, so the live refreshes skip them.
      if (!revisions.length) {
        const page = await api.serviceDeployments(cluster, name, null);
        const mine = [...d.sourceRevisions.map((r) => r.arn), ...(d.targetRevision ? [d.targetRevision.arn] : [])];
        const missing = mine.filter((arn) => !page.revisions.some((r) => r.serviceRevisionArn === arn));
        setRevisions([...page.revisions, ...(missing.length ? await api.serviceRevisions(missing) : [])]);
      }
      setError(null);
    } catch (e) {
      setError(toApiError(e));
    }
  }, [cluster, name, id, service, revisions.length]);
  useEffect(() => {
    void load();
    // Loaded once here; the timer below follows a deployment that runs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cluster, name, id]);
  const live = deployment ? !["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"].includes(deployment.status) : false;
  useEffect(() => {
    if (!live) return;
    const timer = setTimeout(() => void load(), LIVE_MS);
    return () => clearTimeout(timer);
  }, [deployment, live, load]);

  if (!deployment || !service) return error ? <ErrorAlert error={error} header={`Could not load deployment ${id}`} /> : <StatusIndicator type="loading">Loading deployment {id}</StatusIndicator>;
  const target = revisions.find((r) => r.serviceRevisionArn === deployment.targetRevision?.arn);
  const source = deployment.sourceRevisions[0]?.arn ?? deployment.targetRevision?.arn ?? "";
  const counts = (c: { requested: number; running: number; pending: number } | null | undefined) => (c ? `${c.running} running, ${c.pending} pending of ${c.requested}` : "—");

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={deployment.serviceDeploymentArn}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void load()} />
            <Button disabled={!deployment.canRollBack} onClick={() => setAction("rollback")} data-testid="roll-back-deployment">Roll back</Button>
            <Button disabled={!deployment.targetRevision} onClick={() => setAction("redeploy")} data-testid="redeploy-revision">Redeploy this revision</Button>
          </SpaceBetween>
        }
      >
        Deployment {deployment.id}
      </Header>
      {error && <ErrorAlert error={error} header="The last refresh failed; showing what was loaded before" />}
      <Container header={<Header variant="h2" actions={live ? <StatusIndicator type="in-progress">Live: every 2 s while it runs</StatusIndicator> : undefined}>How it went</Header>} data-testid="deployment-summary">
        <KeyValuePairs
          columns={4}
          items={[
            { label: "Status", value: <span data-testid="deployment-status"><StatusIndicator type={statusIndicator(deployment.status)}>{statusText(deployment.status)}</StatusIndicator></span> },
            { label: "Strategy", value: deployment.strategy },
            { label: "Started", value: dateTime(deployment.startedAt ?? deployment.createdAt) },
            { label: deployment.finishedAt ? "Took" : "Running for", value: duration(deployment) },
            { label: "Target revision", value: `${revisionName(deployment.targetRevision?.arn, revisions)}: ${counts(deployment.targetRevision)}` },
            { label: "Source revisions", value: deployment.sourceRevisions.map((s) => `${revisionName(s.arn, revisions)}: ${counts(s)}`).join("; ") || "None: the service's first deployment" },
            { label: "Min healthy / max percent", value: `${deployment.minimumHealthyPercent ?? "—"}% / ${deployment.maximumPercent ?? "—"}%` },
            { label: "Circuit breaker", value: deployment.circuitBreakerStatus === "DISABLED" || !deployment.circuitBreakerStatus ? "Off" : `${deployment.circuitBreakerStatus}: ${deployment.circuitBreakerFailures} failed of ${deployment.circuitBreakerThreshold} allowed` },
            { label: "Alarms", value: deployment.alarmNames.length ? `${deployment.alarmsStatus}: ${deployment.alarmNames.join(", ")}` : "None" },
            { label: "Stopped by", value: <span data-testid="deployment-stopped-by">{stoppedBy(deployment) || "—"}</span> },
            { label: "Rolled back to", value: deployment.rollbackRevisionArn ? `${revisionName(deployment.rollbackRevisionArn, revisions)} at ${dateTime(deployment.rollbackStartedAt)}` : "—" },
            { label: "Status reason", value: deployment.statusReason ?? "—" },
          ]}
        />
      </Container>
      {deployment.strategy !== "ROLLING" && (
        <LifecyclePanel deployment={deployment} now={clock ? clock.now + ((tick - clock.at) / 1000) * clock.speed : Date.now() / 1000} onChanged={() => void load()} />
      )}
      <Container header={<Header variant="h2" description="What this deployment rolled out.">Revision</Header>} data-testid="deployment-revision">
        {target ? <RevisionView revision={target} /> : <Box>ECS no longer describes this revision (revisions before 25 October 2024 are not kept).</Box>}
      </Container>
      <FlightRecorder cluster={cluster} service={name} arn={deployment.serviceDeploymentArn} />
      {deployment.targetRevision && source && <RevisionCompare key={deployment.id} revisions={revisions} left={source} right={deployment.targetRevision.arn} />}
      {action === "rollback" && (
        <ActionModal
          title={`Roll back deployment ${deployment.id}`}
          verb="Roll back"
          preview={() => api.previewDeploymentRollback(cluster, name, deployment.serviceDeploymentArn)}
          send={() => api.rollBackDeployment(deployment.serviceDeploymentArn)}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            notify({ type: "success", content: `Deployment ${deployment.id} is rolling back.` });
            void load();
          }}
        />
      )}
      {action === "redeploy" && deployment.targetRevision && (
        <ActionModal
          title={`Redeploy ${revisionName(deployment.targetRevision.arn, revisions)}`}
          verb="Redeploy"
          preview={() => api.previewRedeploy(cluster, name, deployment.targetRevision!.arn)}
          send={() => api.redeployRevision(cluster, name, deployment.targetRevision!.arn)}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            notify({ type: "success", content: "A new deployment of that revision started; it is at the top of the service's Deployments tab." });
          }}
        />
      )}
    </SpaceBetween>
  );
}
