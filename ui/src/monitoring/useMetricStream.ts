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
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { api, toApiError, type ApiError, type MetricWatch, type SeriesSpec } from "../api";
import { recordFrameWork } from "./frames";
import { emptyStore, merge, type Store } from "./series";

export function useMetricStream(specs: SeriesSpec[] | null, rangeSeconds: number, highResolution: boolean) {
  const store = useRef<Store>(emptyStore());
  const [version, setVersion] = useState(0);
  const [watch, setWatch] = useState<MetricWatch | null>(null);
  const [now, setNow] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [ticks, setTicks] = useState(0);
  const key = specs ? JSON.stringify(specs) : "";

  useEffect(() => {
    if (!key) return;
    store.current = emptyStore();
    setVersion((v) => v + 1);
    let frame = 0;
    let id: number | null = null;
    let cancelled = false;
    api
      .watchMetrics(JSON.parse(key) as SeriesSpec[], rangeSeconds, highResolution, (d) => {
        if (cancelled) return;
        const m = measure();
        const t0 = performance.now();
        merge(store.current, d, rangeSeconds);
        if (m) {
          m.merges.push(performance.now() - t0);
          m.maxCalls = Math.max(m.maxCalls, d.calls);
          m.store = store.current;
        }
        setNow(d.now);
        setError(d.error);
        setTicks((t) => t + 1);
        if (!frame) {
          frame = requestAnimationFrame((frameTime) => {
            frame = 0;
            // Render and commit now; the charts queue their draws into the frame budget.
            const start = performance.now();
            flushSync(() => setVersion((v) => v + 1));
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

  return { store: store.current, version, watch, now, error, failure, ticks };
}
