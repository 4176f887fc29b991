// The header's running-cost meter: what the active environment runs now, asked again
// every 30 seconds and whenever the environment or region changes. A failure (no
// permission to list something) hides the meter rather than show a wrong figure.
import { useEffect, useState } from "react";
import { api, type RunningCost } from "../api";

export function useRunningCost(environment: string | undefined, region: string | undefined) {
  const [cost, setCost] = useState<RunningCost | null>(null);
  useEffect(() => {
    if (!environment) return;
    let live = true;
    const ask = () =>
      api.runningCost().then(
        (c) => live && setCost(c),
        () => live && setCost(null),
      );
    void ask();
    const timer = setInterval(() => void ask(), 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [environment, region]);
  return cost;
}
