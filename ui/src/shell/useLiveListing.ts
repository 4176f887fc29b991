// A listing streamed batch by batch from berth-core's engine, refreshed every two seconds
// while any item is settling. The first load fills the table as batches arrive; a refresh
// swaps in the complete new list at once, so rows never blink and the selection survives.
import { useCallback, useEffect, useRef, useState } from "react";
import { toApiError, type ApiError, type ListingStats } from "../api";
import { useEnvironment } from "./environment";

export const LIVE_REFRESH_MS = 2000;

/**
 * `list` streams the items to its callback, or returns null when there is nothing to list
 * yet; `key` says when it lists something else (a new first load).
 */
export function useLiveListing<T>(key: string, list: (onBatch: (items: T[]) => void) => Promise<ListingStats> | null, settling: (item: T) => boolean) {
  const { generation } = useEnvironment();
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [stats, setStats] = useState<ListingStats | null>(null);
  const request = useRef(0);
  const lister = useRef(list);
  lister.current = list;

  const load = useCallback(
    async (fresh: boolean) => {
      const mine = ++request.current;
      const arrived: T[] = [];
      const pending = lister.current((batch) => {
        if (mine !== request.current) return;
        arrived.push(...batch);
        if (fresh) setItems([...arrived]);
      });
      if (!pending) return;
      setLoading(true);
      try {
        const result = await pending;
        if (mine !== request.current) return;
        setItems(arrived);
        setStats(result);
        setError(null);
      } catch (e) {
        if (mine === request.current) setError(toApiError(e));
      } finally {
        if (mine === request.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    setItems([]);
    setStats(null);
    if (generation > 0) void load(true);
  }, [load, generation]);

  const live = items.some(settling);
  useEffect(() => {
    if (!live || loading) return;
    const handle = setTimeout(() => void load(false), LIVE_REFRESH_MS);
    return () => clearTimeout(handle);
  }, [live, loading, load, items]);

  return { items, loading, error, stats, live, reload: () => load(false) };
}
