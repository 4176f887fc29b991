// What the services screens compute from ECS's answers: rollout progress, whether a
// service is still settling, and the form rules checked before berth-core sees a value.
import type { DeploymentSettings, Service, ServiceDeployment } from "../api";

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

export function whole(value: string, min: number, max: number, what: string): string | undefined {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) return `${what} is a whole number from ${min} to ${max}.`;
  return undefined;
}

export function deploymentErrors(d: DeploymentSettings): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(d.minimumHealthyPercent >= 0 && d.minimumHealthyPercent <= 100)) errors.minimumHealthyPercent = "Minimum healthy percent is 0–100.";
  if (!(d.maximumPercent >= 100 && d.maximumPercent <= 200)) errors.maximumPercent = "Maximum percent is 100–200 for a replica service.";
  else if (d.maximumPercent <= d.minimumHealthyPercent) errors.maximumPercent = "Maximum percent must be above minimum healthy percent, or no task could ever be replaced.";
  if (d.rollback && !d.circuitBreaker) errors.rollback = "Rollback needs the deployment circuit breaker turned on.";
  return errors;
}

/** ELB's rule for load balancer and target group names. */
export function elbNameError(name: string, what: string): string | undefined {
  if (!/^[A-Za-z0-9-]{1,32}$/.test(name) || name.startsWith("-") || name.endsWith("-")) return `${what}: 1–32 letters, digits and hyphens, not starting or ending with a hyphen.`;
  if (what === "Load balancer name" && name.startsWith("internal-")) return 'A load balancer name cannot start with "internal-".';
  return undefined;
}

/** `web-tg` from `arn:aws:elasticloadbalancing:…:targetgroup/web-tg/73e2d6bc24d8a067`. */
export function targetGroupName(arn: string): string {
  return arn.split(":targetgroup/")[1]?.split("/")[0] ?? arn;
}
