// Task and container states as Cloudscape status indicators.
import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";

const TYPES: Record<string, StatusIndicatorProps.Type> = {
  RUNNING: "success",
  HEALTHY: "success",
  PROVISIONING: "pending",
  PENDING: "pending",
  ACTIVATING: "in-progress",
  DEACTIVATING: "in-progress",
  STOPPING: "in-progress",
  DEPROVISIONING: "in-progress",
  STOPPED: "stopped",
  UNHEALTHY: "error",
  UNKNOWN: "info",
};

export function TaskStatus({ status }: { status: string | null | undefined }) {
  const s = status ?? "UNKNOWN";
  return <StatusIndicator type={TYPES[s] ?? "info"}>{s}</StatusIndicator>;
}

/** A task is in transition until its last status reaches the desired one. */
export function inTransition(t: { lastStatus: string; desiredStatus: string }): boolean {
  return t.lastStatus !== t.desiredStatus;
}
