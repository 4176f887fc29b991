// Points as they stream in from Rust, kept per series in time order. The streamer never
// sends a point twice; `merge` still refuses one (and counts it), so a chart can prove it.
import type { MetricDelivery } from "../api";

export interface Series {
  t: number[];
  v: number[];
}

export interface Store {
  series: Map<string, Series>;
  /** The endpoint's clock at the last delivery, epoch seconds. */
  now: number | null;
  /** Charts redraw when told, without a React render per delivery. */
  listeners: Set<() => void>;
  /** Points refused because their series already had that time or a later one. */
  rejected: number;
  accepted: number;
}

export function emptyStore(): Store {
  return { series: new Map(), now: null, listeners: new Set(), rejected: 0, accepted: 0 };
}

/** Appends a delivery's points; keeps at most `keepSeconds` before the newest point. */
export function merge(store: Store, delivery: MetricDelivery, keepSeconds: number): void {
  for (const [id, points] of Object.entries(delivery.points)) {
    let s = store.series.get(id);
    if (!s) {
      s = { t: [], v: [] };
      store.series.set(id, s);
    }
    for (const p of points) {
      const last = s.t.length ? s.t[s.t.length - 1] : -Infinity;
      if (p.t <= last) {
        store.rejected++;
        continue;
      }
      s.t.push(p.t);
      s.v.push(p.v);
      store.accepted++;
    }
    const cutoff = (s.t[s.t.length - 1] ?? 0) - keepSeconds;
    let drop = 0;
    while (drop < s.t.length && s.t[drop] < cutoff) drop++;
    if (drop) {
      s.t.splice(0, drop);
      s.v.splice(0, drop);
    }
  }
}

/** uPlot's shape: one x array (the union of times) and one y array per series, null where a series has no point. */
export function aligned(store: Store, ids: string[]): (number | null)[][] {
  // Series of one period usually share their times exactly: no merging needed then.
  const all = ids.map((id) => store.series.get(id) ?? { t: [], v: [] });
  const first = all[0]?.t ?? [];
  if (all.every((s) => s.t.length === first.length && s.t.every((t, i) => t === first[i]))) {
    return [first.slice(), ...all.map((s) => s.v.slice())];
  }
  const times = new Set<number>();
  for (const id of ids) for (const t of store.series.get(id)?.t ?? []) times.add(t);
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  const ys = ids.map((id) => {
    const row: (number | null)[] = new Array(xs.length).fill(null);
    const s = store.series.get(id);
    s?.t.forEach((t, i) => {
      row[index.get(t) as number] = s.v[i];
    });
    return row;
  });
  return [xs, ...ys];
}

export const RANGES = [
  { key: "15m", seconds: 15 * 60, label: "15 min" },
  { key: "1h", seconds: 3600, label: "1 h" },
  { key: "3h", seconds: 3 * 3600, label: "3 h" },
  { key: "1d", seconds: 86400, label: "1 day" },
  { key: "1w", seconds: 7 * 86400, label: "1 week" },
];
