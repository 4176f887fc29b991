// What the services screens compute from ECS's answers: rollout progress, whether a
// service is still settling, a target group's name. (The form rules are berth-core's.)
import type { Service, ServiceDeployment } from "../api";

/** The deployment being rolled out: PRIMARY, as ECS names it. */
export function primary(s: Service): ServiceDeployment | undefined {
  return s.deployments.find((d) => d.status === "PRIMARY");
}

/** 0–100: how far the primary deployment is towards its desired count. */
export function rolloutPercent(d: ServiceDeployment | undefined): number {
  if (!d) return 0;
  if (d.rolloutState === "COMPLETED") return 100;
  if (d.desiredCount <= 0) return d.runningCount === 0 ? 100 : 0;
  return Math.min(100, Math.round((100 * d.runningCount) / d.desiredCount));
}

/** A service is settling while a rollout runs, an old deployment drains or counts differ. */
export function settling(s: Service): boolean {
  if (s.status === "DRAINING") return true;
  if (s.deployments.length > 1) return true;
  const p = primary(s);
  return p?.rolloutState === "IN_PROGRESS" || s.runningCount !== s.desiredCount || s.pendingCount > 0;
}

/** `web-tg` from `arn:aws:elasticloadbalancing:…:targetgroup/web-tg/73e2d6bc24d8a067`. */
export function targetGroupName(arn: string): string {
  return arn.split(":targetgroup/")[1]?.split("/")[0] ?? arn;
}
