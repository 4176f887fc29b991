// How a service deployment reads in the history: its status as an indicator, who or what
// stopped it, its revisions by task definition, and how long it ran.
import type { DeploymentDetail, ServiceRevision, StoppedBy } from "../../api";

export type Indicator = "success" | "error" | "warning" | "in-progress" | "pending" | "stopped" | "info";

const STATUS: Record<string, Indicator> = {
  PENDING: "pending",
  IN_PROGRESS: "in-progress",
  STOP_REQUESTED: "in-progress",
  ROLLBACK_REQUESTED: "in-progress",
  ROLLBACK_IN_PROGRESS: "in-progress",
  SUCCESSFUL: "success",
  STOPPED: "stopped",
  ROLLBACK_SUCCESSFUL: "warning",
  ROLLBACK_FAILED: "error",
};

export function statusIndicator(status: string): Indicator {
  return STATUS[status] ?? "info";
}

/** ECS's status in words: ROLLBACK_SUCCESSFUL → "Rolled back". */
export function statusText(status: string): string {
  const words: Record<string, string> = {
    PENDING: "Pending",
    IN_PROGRESS: "In progress",
    STOP_REQUESTED: "Stopping",
    ROLLBACK_REQUESTED: "Rollback requested",
    ROLLBACK_IN_PROGRESS: "Rolling back",
    SUCCESSFUL: "Successful",
    STOPPED: "Stopped",
    ROLLBACK_SUCCESSFUL: "Rolled back",
    ROLLBACK_FAILED: "Rollback failed",
  };
  return words[status] ?? status;
}

const STOPPED_BY: Record<StoppedBy, string> = {
  circuitBreaker: "Circuit breaker",
  alarm: "CloudWatch alarm",
  hook: "Lifecycle hook",
  user: "Stopped by hand",
  newerDeployment: "A newer deployment",
};

/** What ended the deployment early, with ECS's reason; "" when nothing did. */
export function stoppedBy(d: DeploymentDetail): string {
  if (!d.stoppedBy) return "";
  const who = STOPPED_BY[d.stoppedBy];
  if (d.stoppedBy === "alarm" && d.triggeredAlarms.length) return `${who}: ${d.triggeredAlarms.join(", ")}`;
  const reason = d.rollbackReason ?? d.statusReason;
  return reason ? `${who}: ${reason}` : who;
}

/** `family:revision` of a service revision, or its id when ECS no longer describes it. */
export function revisionName(arn: string | undefined | null, revisions: ServiceRevision[]): string {
  if (!arn) return "—";
  return revisions.find((r) => r.serviceRevisionArn === arn)?.taskDefinition ?? arn.split("/").pop() ?? arn;
}

/** `web:1 → web:2`, or only the target for a service's first deployment. */
export function fromTo(d: DeploymentDetail, revisions: ServiceRevision[]): string {
  const target = revisionName(d.targetRevision?.arn, revisions);
  const sources = d.sourceRevisions.map((s) => revisionName(s.arn, revisions));
  return sources.length ? `${sources.join(", ")} → ${target}` : target;
}

/** "2 min 5 s" from start to finish (or to `now` while it runs). */
export function duration(d: DeploymentDetail, now = Date.now() / 1000): string {
  const start = d.startedAt ?? d.createdAt;
  if (start == null) return "—";
  // While it runs, ECS's own last update bounds "now" from below: the sandbox's clock
  // runs ahead of the wall's.
  const end = d.finishedAt ?? Math.max(now, d.updatedAt ?? 0);
  const seconds = Math.max(0, Math.round(end - start));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m >= 60) return `${Math.floor(m / 60)} h ${m % 60} min`;
  return m ? `${m} min ${s} s` : `${s} s`;
}

/** The service-deployment ARN of `id` under the service's ARN. */
export function deploymentArn(serviceArn: string, id: string): string {
  return `${serviceArn.replace(":service/", ":service-deployment/")}/${id}`;
}
