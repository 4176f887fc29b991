// A button's call: busy while it runs, its failure kept as an ApiError to show beside it.
import { useCallback, useState } from "react";
import { toApiError, type ApiError } from "../api";

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
