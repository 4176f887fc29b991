import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";

const TYPES: Record<string, StatusIndicatorProps.Type> = {
  ACTIVE: "success",
  PROVISIONING: "in-progress",
  DEPROVISIONING: "in-progress",
  FAILED: "error",
  INACTIVE: "stopped",
};

export function ClusterStatus({ status }: { status: string }) {
  return <StatusIndicator type={TYPES[status] ?? "info"}>{status}</StatusIndicator>;
}
