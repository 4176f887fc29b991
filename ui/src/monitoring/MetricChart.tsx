// One live chart drawn by uPlot: a few series of the shared store, the window ending at
// the endpoint's clock, values on hover, and vertical markers where deployments started
// or finished and where auto scaling acted.
import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import Box from "@cloudscape-design/components/box";
import { cancelDraw, scheduleDraw } from "./frames";
import { aligned, type Store } from "./series";

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
}

export interface Marker {
  /** Epoch seconds. */
  t: number;
  label: string;
  color: string;
}

interface Props {
  title: string;
  unit: string;
  series: ChartSeries[];
  store: Store;
  /** Seconds of history shown, ending at the endpoint's clock. */
  range: number;
  markers?: Marker[];
  /** A horizontal line, as an alarm's threshold is drawn. */
  threshold?: { value: number; label: string };
  height?: number;
  testId?: string;
}

function format(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (unit === "Percent") return `${v.toFixed(1)}%`;
  if (unit === "Seconds") return `${(v * 1000).toFixed(0)} ms`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function MetricChart({ title, unit, series, store, range, markers = [], threshold, height = 180, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markerRef = useRef<Marker[]>(markers);
  markerRef.current = markers;
  const thresholdRef = useRef(threshold);
  thresholdRef.current = threshold;
  const latestRef = useRef<HTMLSpanElement>(null);
  const [empty, setEmpty] = useState(true);
  const ids = series.map((s) => s.id).join(",");

  useEffect(() => {
    if (!host.current) return;
    const opts: uPlot.Options = {
      width: host.current.clientWidth || 400,
      height,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        // The threshold stays in view even when the data is far below it.
        y: { range: (_u, min, max) => {
          const t = thresholdRef.current?.value;
          const lo = Math.min(min ?? 0, t ?? Infinity, 0);
          const hi = Math.max(max ?? 1, t ?? -Infinity);
          return [lo, hi === lo ? lo + 1 : hi * 1.1];
        } },
      },
      axes: [{}, { values: (_u, vals) => vals.map((v) => format(v, unit)), size: 60 }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: false, value: (_u: uPlot, v: number | null) => format(v, unit) }))],
      hooks: {
        draw: [
          (u: uPlot) => {
            // Deployment and scaling markers: a dashed line and a short label at the top.
            const ctx = u.ctx;
            ctx.save();
            let lastLabel = -Infinity;
            for (const m of [...markerRef.current].sort((a, b) => a.t - b.t)) {
              const x = u.valToPos(m.t, "x", true);
              if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
              ctx.strokeStyle = m.color;
              ctx.setLineDash([4, 4]);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              // Labels of markers close together would overprint; the line still shows.
              if (x - lastLabel < 90 * devicePixelRatio) continue;
              lastLabel = x;
              ctx.fillStyle = m.color;
              ctx.font = `${11 * devicePixelRatio}px sans-serif`;
              ctx.textAlign = "left";
              ctx.fillText(m.label, x + 3, u.bbox.top + 12 * devicePixelRatio);
            }
            const th = thresholdRef.current;
            if (th) {
              const y = u.valToPos(th.value, "y", true);
              ctx.strokeStyle = "#d91515";
              ctx.setLineDash([6, 3]);
              ctx.beginPath();
              ctx.moveTo(u.bbox.left, y);
              ctx.lineTo(u.bbox.left + u.bbox.width, y);
              ctx.stroke();
              ctx.fillStyle = "#d91515";
              ctx.font = `${11 * devicePixelRatio}px sans-serif`;
              ctx.textAlign = "right";
              ctx.fillText(th.label, u.bbox.left + u.bbox.width - 4 * devicePixelRatio, y - 4 * devicePixelRatio);
            }
            ctx.restore();
          },
        ],
      },
    };
    const u = new uPlot(opts, aligned(store, series.map((s) => s.id)) as uPlot.AlignedData, host.current);
    plot.current = u;
    const resize = new ResizeObserver(() => host.current && u.setSize({ width: host.current.clientWidth, height }));
    resize.observe(host.current);
    return () => {
      resize.disconnect();
      cancelDraw(u);
      u.destroy();
      plot.current = null;
    };
    // A new set of series or a new unit builds a new chart; data changes only redraw.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids, unit, height]);

  // Each delivery redraws through the frame budget, straight from the store; React only
  // hears of it when the chart goes from empty to not.
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const seriesIds = series.map((s) => s.id);
    const draw = () =>
      scheduleDraw(u, () => {
        if (plot.current !== u) return;
        const to = store.now ?? Date.now() / 1000;
        u.batch(() => {
          // Scales reset so the y range follows the data and any threshold line.
          u.setData(aligned(store, seriesIds) as uPlot.AlignedData, true);
          u.setScale("x", { min: to - range, max: to });
        });
        if (latestRef.current) {
          latestRef.current.textContent = series
            .map((s) => {
              const v = store.series.get(s.id)?.v;
              return `${s.label} ${format(v?.[v.length - 1], unit)}`;
            })
            .join(" · ");
        }
        setEmpty(seriesIds.every((id) => !store.series.get(id)?.t.length));
      });
    store.listeners.add(draw);
    draw();
    return () => {
      store.listeners.delete(draw);
      cancelDraw(u);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, ids, range, unit, height, markers.length, threshold?.value]);

  return (
    <div className="metric-chart" data-testid={testId}>
      <Box variant="h4" padding={{ bottom: "xxs" }}>
        {title}
      </Box>
      <Box variant="small" color="text-body-secondary">
        <span ref={latestRef} data-testid={testId ? `${testId}-latest` : undefined} />
      </Box>
      <div ref={host} />
      {empty && (
        <Box variant="small" color="text-status-inactive" textAlign="center">
          No data in this window yet{title === "Running tasks" ? " (task counts need Container Insights on the cluster)" : ""}.
        </Box>
      )}
    </div>
  );
}
