// One live stream for every series a screen shows: Rust calls GetMetricData once a tick
// and pushes new points through a Channel; this hook keeps them and redraws at most once
// a frame. Changing the series or the range starts a new stream; leaving stops it.
// `cargo xtask bench metrics` sets `window.__berthMeasure` to read what a frame costs.

interface Measure {
  merges: number[];
  maxCalls: number;
  store?: Store;
}

function measure(): Measure | undefined {
  return (window as unknown as { __berthMeasure?: Measure }).__berthMeasure;
}
import { useEffect, useState } from "react";
import { api, toApiError, type ApiError, type MetricWatch, type SeriesSpec } from "../api";
import { recordFrameWork } from "./frames";
import { emptyStore, merge, type Store } from "./series";

export function useMetricStream(specs: SeriesSpec[] | null, rangeSeconds: number, highResolution: boolean) {
  const [store, setStore] = useState<Store>(emptyStore);
  const [watch, setWatch] = useState<MetricWatch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const key = specs ? JSON.stringify(specs) : "";

  useEffect(() => {
    if (!key) return;
    const current = emptyStore();
    setStore(current);
    let frame = 0;
    let id: number | null = null;
    let cancelled = false;
    api
      .watchMetrics(JSON.parse(key) as SeriesSpec[], rangeSeconds, highResolution, (d) => {
        if (cancelled) return;
        const m = measure();
        const t0 = performance.now();
        merge(current, d, rangeSeconds);
        current.now = d.now;
        if (m) {
          m.merges.push(performance.now() - t0);
          m.maxCalls = Math.max(m.maxCalls, d.calls);
          m.store = current;
        }
        // React state changes only when the error does; points go straight to the charts.
        setError(d.error);
        if (!frame) {
          frame = requestAnimationFrame((frameTime) => {
            frame = 0;
            const start = performance.now();
            for (const listener of current.listeners) listener();
            recordFrameWork(frameTime, performance.now() - start);
          });
        }
      })
      .then(
        (w) => {
          if (cancelled) void api.stopMetrics(w.id);
          else {
            id = w.id;
            setWatch(w);
            setFailure(null);
          }
        },
        (e) => setFailure(toApiError(e)),
      );
    return () => {
      cancelled = true;
      if (frame) cancelAnimationFrame(frame);
      if (id !== null) void api.stopMetrics(id);
    };
  }, [key, rangeSeconds, highResolution]);

  return { store, watch, error, failure };
}
