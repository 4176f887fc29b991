// The AWS CLI command equivalent to what a wizard is about to do, so users learn the API
// and can script it. Values are quoted for a POSIX shell.
import type { Environment, NewCluster, NewTasks } from "../api";

export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_\-.:/=,@+]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** `--region`, `--profile` and `--endpoint-url` for the environment the call goes to. */
export function environmentArgs(env: Environment | null): string[] {
  if (!env) return [];
  const args = ["--region", env.region];
  if (env.kind.type === "profile") args.push("--profile", env.kind.profile);
  if (env.endpointUrl) args.push("--endpoint-url", env.endpointUrl);
  return args;
}

// Inside --tags/--settings shorthand, commas and equals signs separate fields.
function shorthand(value: string): string {
  return /[,=\s"'\\[\]{}]/.test(value) ? `"${value.replace(/(["\\])/g, "\\$1")}"` : value;
}

export function createClusterCommand(input: NewCluster, env: Environment | null): string {
  const args = ["aws", "ecs", "create-cluster", "--cluster-name", input.clusterName || "<name>"];
  args.push("--settings", `name=containerInsights,value=${input.containerInsights ? "enabled" : "disabled"}`);
  if (input.tags.length > 0) {
    args.push("--tags", ...input.tags.map((t) => `key=${shorthand(t.key)},value=${shorthand(t.value)}`));
  }
  args.push(...environmentArgs(env));
  return args.map(shellQuote).join(" ");
}

/** `aws ecs run-task` for one call of at most 10 tasks (Berth splits bigger runs). */
export function runTaskCommand(input: NewTasks, env: Environment | null): string {
  const args = ["aws", "ecs", "run-task", "--cluster", input.cluster || "<cluster>", "--task-definition", input.taskDefinition || "<family:revision>", "--count", String(Math.min(input.count, 10))];
  if (input.launchType) args.push("--launch-type", input.launchType);
  if (input.capacityProvider) args.push("--capacity-provider-strategy", `capacityProvider=${input.capacityProvider},weight=1`);
  if (input.placementStrategy.length) args.push("--placement-strategy", ...input.placementStrategy.map((s) => (s.field ? `type=${s.kind},field=${s.field}` : `type=${s.kind}`)));
  if (input.placementConstraints.length) {
    args.push("--placement-constraints", ...input.placementConstraints.map((c) => (c.expression ? `type=${c.kind},expression="${c.expression}"` : `type=${c.kind}`)));
  }
  if (input.network) {
    const n = input.network;
    args.push(
      "--network-configuration",
      `awsvpcConfiguration={subnets=[${n.subnets.join(",")}],securityGroups=[${n.securityGroups.join(",")}],assignPublicIp=${n.assignPublicIp ? "ENABLED" : "DISABLED"}}`,
    );
  }
  const overrides = input.overrides
    .filter((o) => o.command || o.environment.length)
    .map((o) => ({
      name: o.name,
      ...(o.command ? { command: o.command } : {}),
      ...(o.environment.length ? { environment: o.environment.map((e) => ({ name: e.key, value: e.value })) } : {}),
    }));
  if (overrides.length) args.push("--overrides", JSON.stringify({ containerOverrides: overrides }));
  if (input.tags.length) args.push("--tags", ...input.tags.map((t) => `key=${shorthand(t.key)},value=${shorthand(t.value)}`));
  args.push("--client-token", `${input.clientToken}-0`, ...environmentArgs(env));
  return args.map(shellQuote).join(" ");
}
