// The AWS CLI command equivalent to what a wizard is about to do, so users learn the API
// and can script it. Values are quoted for a POSIX shell.
import type { Environment, NewCluster } from "../api";

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
