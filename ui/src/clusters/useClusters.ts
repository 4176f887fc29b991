import { useCallback, useEffect, useRef, useState } from "react";
import { api, toApiError, type ApiError, type Cluster } from "../api";
import { useEnvironment } from "../shell/environment";

/** The active environment's clusters, reloaded when the environment or region changes. */
export function useClusters() {
  const { generation, active } = useEnvironment();
  const [clusters, setClusters] = useState<Cluster[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const request = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++request.current;
    setLoading(true);
    try {
      const result = await api.listClusters();
      // A slower answer for an environment the user already left must not win.
      if (mine === request.current) {
        setClusters(result);
        setError(null);
      }
    } catch (e) {
      if (mine === request.current) {
        setClusters([]);
        setError(toApiError(e));
      }
    } finally {
      if (mine === request.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (generation > 0) void reload();
  }, [generation, active?.id, active?.region, reload]);

  return { clusters, loading, error, reload };
}
