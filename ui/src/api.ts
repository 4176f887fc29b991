// The one module screens import to talk to Rust. The commands and every type they carry
// are generated from the Rust (bindings.ts, `cargo xtask bindings`); this file only adds
// what is UI logic: failures as one shape, and listings and metric streams that hand
// their Channel's messages to a callback.
import { Channel } from "@tauri-apps/api/core";
import { commands, type IpcError, type ListingStats, type MetricDelivery, type MetricWatch, type SeriesSpec, type Service, type Task, type TaskFilter } from "./bindings";

export type * from "./bindings";

/** A failed command's `{code, message, hint, field}`. */
export type ApiError = IpcError;

/** A task definition as JSON, in AWS's own field names. */
export type TaskDefinitionJson = Record<string, unknown>;

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Any failure as an ApiError, so screens have one shape to show. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  return { code: "UnexpectedError", message: e instanceof Error ? e.message : String(e), hint: null, field: null };
}

/** Streams `specs` over the last `rangeSeconds`; each tick's new points reach `onData`. */
function watchMetrics(specs: SeriesSpec[], rangeSeconds: number, highResolution: boolean, onData: (d: MetricDelivery) => void): Promise<MetricWatch> {
  const channel = new Channel<MetricDelivery>();
  channel.onmessage = onData;
  return commands.watchMetrics(specs, rangeSeconds, highResolution, channel);
}

/** Lists a cluster's services; `onBatch` receives each described batch of 10 as it arrives. */
function listServices(cluster: string, onBatch: (services: Service[]) => void): Promise<ListingStats> {
  return streamed((channel: Channel<Service[]>) => commands.listServices(cluster, channel), onBatch);
}

/**
 * Runs a listing command whose batches come through a Channel. Channel messages can
 * arrive after the command's own answer (large ones are fetched separately), so the
 * promise settles only once every item the stats count has reached `onBatch`.
 */
function streamed<T>(start: (channel: Channel<T[]>) => Promise<ListingStats>, onBatch: (items: T[]) => void): Promise<ListingStats> {
  let received = 0;
  let expected: number | null = null;
  let finish: (() => void) | null = null;
  const channel = new Channel<T[]>();
  channel.onmessage = (batch) => {
    received += batch.length;
    onBatch(batch);
    if (expected !== null && received >= expected) finish?.();
  };
  return start(channel).then(
    (stats) =>
      new Promise<ListingStats>((resolve) => {
        expected = stats.items;
        finish = () => resolve(stats);
        if (received >= expected) resolve(stats);
      }),
  );
}

/** Lists a cluster's tasks; `onBatch` receives each described batch as it arrives. */
function listTasks(cluster: string, filter: TaskFilter, onBatch: (tasks: Task[]) => void): Promise<ListingStats> {
  return streamed((channel: Channel<Task[]>) => commands.listTasks(cluster, filter, channel), onBatch);
}

export const api = { ...commands, listTasks, listServices, watchMetrics };
