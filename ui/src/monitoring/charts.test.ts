import { describe, expect, it } from "vitest";
import type { SeriesSpec } from "../api";
import { chartsFor } from "./charts";

const spec = (id: string, label: string): SeriesSpec => ({ id, label, namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: [], stat: "Average", unit: "Percent" });

describe("chart layout", () => {
  it("groups a service's series into charts and leaves out what it lacks", () => {
    const charts = chartsFor([spec("webcpuavg", "CPU average"), spec("webcpumax", "CPU maximum"), spec("webrunning", "Running tasks"), spec("apicpuavg", "CPU average")], "web");
    expect(charts.map((c) => c.key)).toEqual(["cpu", "running"]);
    expect(charts[0].series.map((s) => s.id)).toEqual(["webcpuavg", "webcpumax"]);
    expect(chartsFor([spec("webcpuavg", "CPU average")], "web", ["requests"])).toEqual([]);
  });
});
