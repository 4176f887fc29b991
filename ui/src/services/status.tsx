// Service and deployment states as Cloudscape status indicators.
import ProgressBar from "@cloudscape-design/components/progress-bar";
import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import type { Service, ServiceDeployment } from "../api";
import { primary, rolloutPercent } from "./model";

const ROLLOUT: Record<string, StatusIndicatorProps.Type> = { COMPLETED: "success", IN_PROGRESS: "in-progress", FAILED: "error" };
const SERVICE: Record<string, StatusIndicatorProps.Type> = { ACTIVE: "success", DRAINING: "in-progress", INACTIVE: "stopped" };

export function ServiceStatus({ status }: { status: string }) {
  return <StatusIndicator type={SERVICE[status] ?? "info"}>{status}</StatusIndicator>;
}

export function RolloutState({ deployment }: { deployment: ServiceDeployment | undefined }) {
  const state = deployment?.rolloutState ?? "UNKNOWN";
  return <StatusIndicator type={ROLLOUT[state] ?? "info"}>{state}</StatusIndicator>;
}

/** The table cell: the rollout state, with a progress bar while it runs. */
export function DeploymentCell({ service }: { service: Service }) {
  const d = primary(service);
  if (d?.rolloutState !== "IN_PROGRESS") return <RolloutState deployment={d} />;
  return <ProgressBar value={rolloutPercent(d)} additionalInfo={`${d.runningCount} of ${d.desiredCount} running · ${d.taskDefinition}`} label={<RolloutState deployment={d} />} />;
}
