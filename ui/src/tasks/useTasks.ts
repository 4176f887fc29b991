// A cluster's tasks, streamed batch by batch from the listing engine, refreshed every
// two seconds while any task is in transition. A refresh swaps in the complete new list
// at once, so rows never blink and the selection (tracked by ARN) survives.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, toApiError, type ApiError, type ListingStats, type Task, type TaskFilter } from "../api";
import { useEnvironment } from "../shell/environment";
import { inTransition } from "./status";

export const LIVE_REFRESH_MS = 2000;

export function useTasks(cluster: string | null, filter: TaskFilter) {
  const { generation } = useEnvironment();
  const [tasks, setTasks] = useState<Task[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [stats, setStats] = useState<ListingStats | null>(null);
  const request = useRef(0);
  const key = JSON.stringify(filter);

  const load = useCallback(
    async (fresh: boolean) => {
      if (!cluster) return;
      const mine = ++request.current;
      setLoading(true);
      const arrived: Task[] = [];
      try {
        const result = await api.listTasks(cluster, JSON.parse(key) as TaskFilter, (batch) => {
          if (mine !== request.current) return;
          arrived.push(...batch);
          // The first load fills the table as batches arrive; refreshes wait for all.
          if (fresh) setTasks([...arrived]);
        });
        if (mine !== request.current) return;
        setTasks(arrived);
        setStats(result);
        setError(null);
      } catch (e) {
        if (mine === request.current) setError(toApiError(e));
      } finally {
        if (mine === request.current) setLoading(false);
      }
    },
    [cluster, key],
  );

  useEffect(() => {
    setTasks([]);
    setStats(null);
    if (generation > 0) void load(true);
  }, [load, generation]);

  const live = tasks.some(inTransition);
  useEffect(() => {
    if (!live || loading) return;
    const handle = setTimeout(() => void load(false), LIVE_REFRESH_MS);
    return () => clearTimeout(handle);
  }, [live, loading, load, tasks]);

  return { tasks, loading, error, stats, live, reload: () => load(false) };
}
