// Services of one cluster (or of every cluster), streamed batch by batch from the listing
// engine and refreshed every two seconds while any of them is settling. A refresh swaps
// the whole list at once, so rows never blink and the selection survives.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, toApiError, type ApiError, type ListingStats, type Service } from "../api";
import { useEnvironment } from "../shell/environment";
import { settling } from "./model";

export const LIVE_REFRESH_MS = 2000;

export function useServices(clusters: string[]) {
  const { generation } = useEnvironment();
  const [services, setServices] = useState<Service[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [stats, setStats] = useState<ListingStats | null>(null);
  const request = useRef(0);
  const key = clusters.join("\n");

  const load = useCallback(
    async (fresh: boolean) => {
      const names = key ? key.split("\n") : [];
      if (!names.length) return;
      const mine = ++request.current;
      setLoading(true);
      const arrived: Service[] = [];
      const total: ListingStats = { items: 0, listCalls: 0, describeCalls: 0 };
      try {
        // Clusters are listed side by side; each fills the table as its batches arrive.
        await Promise.all(
          names.map(async (cluster) => {
            const s = await api.listServices(cluster, (batch) => {
              if (mine !== request.current) return;
              arrived.push(...batch);
              if (fresh) setServices([...arrived]);
            });
            total.items += s.items;
            total.listCalls += s.listCalls;
            total.describeCalls += s.describeCalls;
          }),
        );
        if (mine !== request.current) return;
        setServices(arrived);
        setStats(total);
        setError(null);
      } catch (e) {
        if (mine === request.current) setError(toApiError(e));
      } finally {
        if (mine === request.current) setLoading(false);
      }
    },
    [key],
  );

  useEffect(() => {
    setServices([]);
    setStats(null);
    if (generation > 0) void load(true);
  }, [load, generation]);

  const live = services.some(settling);
  useEffect(() => {
    if (!live || loading) return;
    const handle = setTimeout(() => void load(false), LIVE_REFRESH_MS);
    return () => clearTimeout(handle);
  }, [live, loading, load, services]);

  return { services, loading, error, stats, live, reload: () => load(false) };
}
