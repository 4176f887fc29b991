// A cluster's tasks, live while any task is in transition (see shell/useLiveListing).
import { api, type Task, type TaskFilter } from "../api";
import { useLiveListing } from "../shell/useLiveListing";
import { inTransition } from "./status";

export { LIVE_REFRESH_MS } from "../shell/useLiveListing";

export function useTasks(cluster: string | null, filter: TaskFilter) {
  const key = `${cluster}\n${JSON.stringify(filter)}`;
  const { items, ...rest } = useLiveListing<Task>(key, (onBatch) => (cluster ? api.listTasks(cluster, filter, onBatch) : null), inTransition);
  return { tasks: items, ...rest };
}
