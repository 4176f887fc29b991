// The wizard edits the task definition document itself (AWS's JSON), so fields the form
// has no control for are carried along untouched from import to register to export.
import type { Environment, FieldError, TaskDefinitionJson } from "../api";
import { environmentArgs, shellQuote } from "../lib/cli";

export type Json = unknown;
export type Container = Record<string, Json>;

export function newContainer(name: string, family: string, region: string): Container {
  return {
    name,
    image: "",
    essential: true,
    portMappings: [],
    environment: [],
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": `/ecs/${family || "app"}`, "awslogs-region": region, "awslogs-stream-prefix": "ecs" },
    },
  };
}

export function emptyDefinition(region: string): TaskDefinitionJson {
  return {
    family: "",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    executionRoleArn: "",
    containerDefinitions: [newContainer("app", "", region)],
  };
}

/** A copy of `doc` with the value at `path` replaced (or removed when `value` is undefined). */
export function setIn<T>(doc: T, path: (string | number)[], value: Json): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const base: Record<string | number, Json> | Json[] = Array.isArray(doc) ? [...doc] : { ...((doc ?? {}) as Record<string, Json>) };
  const child = (base as Record<string | number, Json>)[head];
  const next = setIn(child ?? (typeof rest[0] === "number" ? [] : {}), rest, value);
  if (next === undefined && !Array.isArray(base)) delete (base as Record<string, Json>)[head as string];
  else (base as Record<string | number, Json>)[head] = next;
  return base as T;
}

export function getIn(doc: Json, path: (string | number)[]): Json {
  return path.reduce<Json>((v, k) => (v == null ? undefined : (v as Record<string | number, Json>)[k]), doc);
}

/** `KEY=value` lines (as in a .env file) as ECS environment pairs; blank lines and # comments are skipped. */
export function parseEnvLines(text: string): { name: string; value: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const line = l.replace(/^export\s+/, "");
      const eq = line.indexOf("=");
      const name = (eq < 0 ? line : line.slice(0, eq)).trim();
      let value = eq < 0 ? "" : line.slice(eq + 1).trim();
      if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) value = value.slice(1, -1);
      return { name, value };
    });
}

/** Merges pasted pairs into existing ones: a pasted name replaces the old value. */
export function mergeEnv(existing: { name: string; value: string }[], pasted: { name: string; value: string }[]) {
  const out = existing.filter((e) => !pasted.some((p) => p.name === e.name));
  return [...out, ...pasted];
}

/** Optional fields the form leaves empty are dropped, so AWS never sees "" for an ARN. */
const OPTIONAL_TOP = ["taskRoleArn", "executionRoleArn", "cpu", "memory"];
const OPTIONAL_CONTAINER = ["cpu", "memory", "memoryReservation", "command", "entryPoint", "healthCheck", "dependsOn", "logConfiguration"];

function empty(v: Json): boolean {
  return v === "" || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
}

export function forRegister(doc: TaskDefinitionJson): TaskDefinitionJson {
  const out: TaskDefinitionJson = { ...doc };
  for (const k of OPTIONAL_TOP) if (empty(out[k])) delete out[k];
  if (Array.isArray(out.containerDefinitions)) {
    out.containerDefinitions = (out.containerDefinitions as Container[]).map((c) => {
      const copy: Container = { ...c };
      for (const k of OPTIONAL_CONTAINER) if (empty(copy[k])) delete copy[k];
      return copy;
    });
  }
  return out;
}

export function registerCommand(doc: TaskDefinitionJson, env: Environment | null): string {
  const args = ["aws", "ecs", "register-task-definition", "--cli-input-json", JSON.stringify(forRegister(doc)), ...environmentArgs(env)];
  return args.map(shellQuote).join(" ");
}

/** field path → rule, for putting each message under its control. */
export function errorMap(errors: FieldError[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of errors) if (!map.has(e.field)) map.set(e.field, e.rule);
  return map;
}

/** Where a JSON.parse failure is, as line and column, from the engine's message. */
export function jsonError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    if (!at) return message;
    const pos = Number(at[1]);
    const before = text.slice(0, pos).split("\n");
    return `${message.replace(/ in JSON at position \d+.*$/, "")} at line ${before.length}, column ${before[before.length - 1].length + 1}`;
  }
}

/** Comma-separated words, as the AWS console takes a command. */
export function splitList(text: string): string[] | undefined {
  const parts = text.split(",").map((s) => s.trim()).filter(Boolean);
  return parts.length ? parts : undefined;
}

/** Sets the family; a container's log group still at the default for the old family
 * (`/ecs/<family>`, or `/ecs/app` before one was typed) follows it, one the user chose stays. */
export function renameFamily(doc: TaskDefinitionJson, family: string): TaskDefinitionJson {
  const previous = String(doc.family ?? "");
  const defaults = new Set([`/ecs/${previous || "app"}`, "/ecs/app", "/ecs/"]);
  const containers = ((doc.containerDefinitions as Container[] | undefined) ?? []).map((c) => {
    const log = c.logConfiguration as { logDriver?: string; options?: Record<string, string> } | undefined;
    const group = log?.options?.["awslogs-group"];
    if (log?.logDriver !== "awslogs" || group === undefined || !defaults.has(group)) return c;
    return { ...c, logConfiguration: { ...log, options: { ...log.options, "awslogs-group": `/ecs/${family || "app"}` } } };
  });
  const next: TaskDefinitionJson = { ...doc, containerDefinitions: containers };
  if (family === "") delete next.family;
  else next.family = family;
  return next;
}

/**
 * The document in another network mode. Host ports only mean something of their own in
 * bridge mode; leaving bridge drops them, since awsvpc and host take the container port.
 */
export function withNetworkMode(doc: TaskDefinitionJson, mode: string): TaskDefinitionJson {
  const next: TaskDefinitionJson = { ...doc, networkMode: mode };
  if (mode === "bridge") return next;
  next.containerDefinitions = ((doc.containerDefinitions as Container[] | undefined) ?? []).map((c) => {
    const ports = c.portMappings as { hostPort?: number }[] | undefined;
    if (!ports?.some((p) => p.hostPort !== undefined)) return c;
    return { ...c, portMappings: ports.map(({ hostPort: _dropped, ...rest }) => rest) };
  });
  return next;
}
