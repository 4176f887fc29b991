// Loading one thing from Rust for a screen: reloaded when the environment changes, and
// an answer for an environment the user has already left never overwrites a newer one.
import { useCallback, useEffect, useRef, useState } from "react";
import { toApiError, type ApiError } from "../api";
import { useEnvironment } from "./environment";

export interface Resource<T> {
  data: T | null;
  loading: boolean;
  error: ApiError | null;
  reload: () => Promise<void>;
}

export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const { generation, active } = useEnvironment();
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const request = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const loader = useCallback(load, deps);

  const reload = useCallback(async () => {
    const mine = ++request.current;
    setLoading(true);
    try {
      const result = await loader();
      if (mine === request.current) {
        setData(result);
        setError(null);
      }
    } catch (e) {
      if (mine === request.current) setError(toApiError(e));
    } finally {
      if (mine === request.current) setLoading(false);
    }
  }, [loader]);

  useEffect(() => {
    if (generation > 0) void reload();
  }, [generation, active?.id, active?.region, reload]);

  return { data, loading, error, reload };
}
