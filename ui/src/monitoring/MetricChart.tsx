// One live chart drawn by uPlot: a few series of the shared store, the window ending at
// the endpoint's clock, values on hover, and vertical markers where deployments started
// or finished and where auto scaling acted.
import { useEffect, useRef } from "react";
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
  version: number;
  /** The window, epoch seconds. */
  from: number;
  to: number;
  markers?: Marker[];
  height?: number;
  testId?: string;
}

function format(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (unit === "Percent") return `${v.toFixed(1)}%`;
  if (unit === "Seconds") return `${(v * 1000).toFixed(0)} ms`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function MetricChart({ title, unit, series, store, version, from, to, markers = [], height = 180, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markerRef = useRef<Marker[]>(markers);
  markerRef.current = markers;
  const ids = series.map((s) => s.id).join(",");

  useEffect(() => {
    if (!host.current) return;
    const opts: uPlot.Options = {
      width: host.current.clientWidth || 400,
      height,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
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
              ctx.fillText(m.label, x + 3, u.bbox.top + 12 * devicePixelRatio);
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

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    scheduleDraw(u, () => {
      if (plot.current !== u) return;
      u.batch(() => {
        u.setData(aligned(store, series.map((s) => s.id)) as uPlot.AlignedData, false);
        u.setScale("x", { min: from, max: to });
      });
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, from, to, ids, markers.length]);

  const latest = series.map((s) => {
    const v = store.series.get(s.id)?.v;
    return `${s.label} ${format(v?.[v.length - 1], unit)}`;
  });
  return (
    <div className="metric-chart" data-testid={testId}>
      <Box variant="h4" padding={{ bottom: "xxs" }}>
        {title}
      </Box>
      <Box variant="small" color="text-body-secondary" data-testid={testId ? `${testId}-latest` : undefined}>
        {latest.join(" · ")}
      </Box>
      <div ref={host} />
      {series.every((s) => !store.series.get(s.id)?.t.length) && (
        <Box variant="small" color="text-status-inactive" textAlign="center">
          No data in this window yet{title === "Running tasks" ? " (task counts need Container Insights on the cluster)" : ""}.
        </Box>
      )}
    </div>
  );
}
