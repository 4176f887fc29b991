// A view that follows AWS by asking again every few seconds (container instances,
// capacity providers): the latest answer, the latest failure, and a reload for after an
// action. `fetch` must be stable (useCallback) or it restarts the polling each render.
import { useCallback, useEffect, useState } from "react";
import { toApiError, type ApiError } from "../api";

export function usePolled<T>(fetch: () => Promise<T>, everyMs: number) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await fetch());
      setError(null);
    } catch (e) {
      setError(toApiError(e));
    }
  }, [fetch]);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);
  return { data, error, reload };
}
