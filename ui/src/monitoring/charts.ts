// Which series share a chart, and how each chart is titled, coloured and measured. Series
// ids are `<prefix><kind>` as berth-core names them, so several services share one stream.
import type { SeriesSpec } from "../api";
import type { ChartSeries } from "./MetricChart";

export interface ChartDef {
  key: string;
  title: string;
  unit: string;
  series: ChartSeries[];
}

const LAYOUT: { key: string; title: string; unit: string; parts: [string, string][] }[] = [
  { key: "cpu", title: "CPU utilisation", unit: "Percent", parts: [["cpuavg", "#0972d3"], ["cpumax", "#8d6605"]] },
  { key: "mem", title: "Memory utilisation", unit: "Percent", parts: [["memavg", "#037f0c"], ["memmax", "#8d6605"]] },
  { key: "running", title: "Running tasks", unit: "Count", parts: [["running", "#5f6b7a"]] },
  { key: "requests", title: "ALB requests", unit: "Count", parts: [["requests", "#0972d3"]] },
  { key: "latency", title: "Response time", unit: "Seconds", parts: [["latency", "#8d6605"]] },
  { key: "errors", title: "Target 5XX", unit: "Count", parts: [["errors", "#d91515"]] },
  { key: "healthy", title: "Healthy hosts", unit: "Count", parts: [["healthy", "#037f0c"]] },
  { key: "reservation", title: "Cluster reservation", unit: "Percent", parts: [["cpures", "#0972d3"], ["memres", "#037f0c"]] },
  { key: "utilisation", title: "Cluster utilisation", unit: "Percent", parts: [["cpuutil", "#0972d3"], ["memutil", "#037f0c"]] },
];

/** The charts for the series of one prefix, in a fixed order; `only` picks some by key. */
export function chartsFor(specs: SeriesSpec[], prefix: string, only?: string[]): ChartDef[] {
  const byId = new Map(specs.map((s) => [s.id, s]));
  return LAYOUT.filter((c) => !only || only.includes(c.key))
    .map((c) => ({
      key: c.key,
      title: c.title,
      unit: c.unit,
      series: c.parts.filter(([kind]) => byId.has(prefix + kind)).map(([kind, color]) => ({ id: prefix + kind, label: byId.get(prefix + kind)?.label ?? kind, color })),
    }))
    .filter((c) => c.series.length > 0);
}
