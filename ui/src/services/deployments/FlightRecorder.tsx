// A deployment's flight recorder: one time axis for the new and old revisions' tasks, the
// targets' health, the service's metrics, and the moments that mattered (start, rollback,
// alarm changes, end) drawn across every chart, with the service's events beneath. Task
// counts and target health exist only where Berth watched; the record says which stretch.
import { useEffect, useMemo, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { api, toApiError, type ApiError, type FlightRecord, type Sample } from "../../api";
import { dateTime } from "../../lib/format";
import { MetricChart, type Marker } from "../../monitoring/MetricChart";
import { chartsFor } from "../../monitoring/charts";
import { emptyStore, merge, type Store } from "../../monitoring/series";
import { ErrorAlert } from "../../shell/ErrorAlert";

const LIVE_MS = 2000;
const METRICS_MS = 10000;
const MARGIN = 30;

const LANES: { key: keyof Sample; label: string; color: string }[] = [
  { key: "newRunning", label: "New revision running", color: "#037f0c" },
  { key: "newPending", label: "New revision pending", color: "#7cb342" },
  { key: "oldRunning", label: "Old revisions running", color: "#0972d3" },
  { key: "oldPending", label: "Old revisions pending", color: "#89bdee" },
];
const TARGETS: { key: keyof Sample; label: string; color: string }[] = [
  { key: "healthy", label: "Healthy", color: "#037f0c" },
  { key: "unhealthy", label: "Unhealthy", color: "#d91515" },
  { key: "draining", label: "Draining", color: "#8d6605" },
  { key: "initial", label: "Initial", color: "#5f6b7a" },
];
const MARKER_COLORS: Record<string, string> = { deployment: "#0972d3", rollback: "#d91515", alarm: "#8d6605", stage: "#5f6b7a", hook: "#7d2105" };
const TRAFFIC = [{ key: "newTraffic", label: "New revision's share of production traffic", color: "#037f0c" }];

function samplesInto(store: Store, samples: Sample[]) {
  for (const lane of [...LANES, ...TARGETS]) {
    store.series.set(lane.key, { t: samples.map((s) => s.t), v: samples.map((s) => s[lane.key] as number) });
  }
  const shifted = samples.filter((s) => s.newTraffic != null);
  store.series.set("newTraffic", { t: shifted.map((s) => s.t), v: shifted.map((s) => s.newTraffic as number) });
}

export function FlightRecorder({ cluster, service, arn }: { cluster: string; service: string; arn: string }) {
  const [record, setRecord] = useState<FlightRecord | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [metricsAt, setMetricsAt] = useState(0);
  const [store] = useState<Store>(emptyStore);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const r = await api.flightRecord(cluster, service, arn);
        if (stop) return;
        setRecord(r);
        setError(null);
        // Berth records while the deployment runs and for two minutes after it ends.
        if (r.recording) timer = setTimeout(() => void tick(), LIVE_MS);
      } catch (e) {
        if (!stop) setError(toApiError(e));
      }
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [cluster, service, arn]);

  const charts = useMemo(() => chartsFor(record?.metrics ?? [], "f"), [record?.metrics]);
  // The service's metrics over the window: again every 10 s while Berth records.
  const metricsKey = record ? `${record.start}-${record.recording ? Math.floor(Date.now() / METRICS_MS) : "final"}` : "";
  useEffect(() => {
    if (!record || !record.metrics.length) return;
    api.metricWindow(record.metrics, record.start - MARGIN, record.end).then((d) => {
      for (const id of Object.keys(d.points)) store.series.delete(id);
      merge(store, d, Number.MAX_SAFE_INTEGER);
      setMetricsAt(Date.now());
    }, () => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [metricsKey]);

  // Samples replace their lanes whole; the charts redraw from the store when told.
  useEffect(() => {
    if (!record) return;
    samplesInto(store, record.samples);
    store.now = record.end + MARGIN;
    for (const l of store.listeners) l();
  }, [record, store, metricsAt]);

  if (!record) return error ? <ErrorAlert error={error} header="Could not read the flight record" /> : <StatusIndicator type="loading">Reading the flight record</StatusIndicator>;
  const range = record.end - record.start + 2 * MARGIN;
  const markers: Marker[] = record.moments
    .filter((m) => m.kind !== "event")
    .map((m) => ({
      t: m.t,
      // Short labels on the charts; the timeline below has the words.
      label:
        m.kind === "alarm"
          ? (m.text.split("→").pop()?.trim() ?? "alarm")
          : m.kind === "stage"
            ? m.text.replace("Stage ", "").toLowerCase().replaceAll("_", " ")
            : m.kind === "rollback"
              ? "rollback"
              : m.kind === "hook"
                ? "hook"
                : m.text.includes("started")
                  ? "start"
                  : "end",
      color: MARKER_COLORS[m.kind] ?? "#5f6b7a",
    }));
  const offset = (t: number) => `+${Math.max(0, Math.round(t - record.start))} s`;

  return (
    <Container
      data-testid="flight-recorder"
      header={
        <Header variant="h2" description={`${dateTime(record.start)} to ${record.live ? "now" : dateTime(record.end)}, on one time axis.`} actions={record.recording ? <StatusIndicator type="in-progress">Recording every 2 s</StatusIndicator> : undefined}>
          Flight recorder
        </Header>
      }
    >
      <SpaceBetween size="m">
        <Alert type="info" data-testid="flight-coverage">{record.coverage}</Alert>
        {record.eventsNote && <Alert type="warning">{record.eventsNote}</Alert>}
        <div className="chart-grid" data-metrics-at={metricsAt}>
          <MetricChart testId="flight-tasks" title="Tasks by revision" unit="Count" series={LANES.map((l) => ({ id: l.key, label: l.label, color: l.color }))} store={store} range={range} markers={markers} />
          {record.deployment.strategy !== "ROLLING" && (
            <MetricChart testId="flight-traffic" title="Traffic split" unit="Percent" series={TRAFFIC.map((l) => ({ id: l.key, label: l.label, color: l.color }))} store={store} range={range} markers={markers} />
          )}
          <MetricChart testId="flight-targets" title="Target health" unit="Count" series={TARGETS.map((l) => ({ id: l.key, label: l.label, color: l.color }))} store={store} range={range} markers={markers} />
          {charts.map((c) => (
            <MetricChart key={c.key} testId={`flight-${c.key}`} title={c.title} unit={c.unit} series={c.series} store={store} range={range} markers={markers} />
          ))}
        </div>
        <Table
          data-testid="flight-timeline"
          variant="embedded"
          header={<Header variant="h3" counter={`(${record.moments.length})`} description="The deployment's milestones, alarm changes and the service's events, oldest first.">Timeline</Header>}
          items={record.moments}
          trackBy={(m) => `${m.t}-${m.kind}-${m.text}`}
          wrapLines
          empty={<Box>Nothing recorded in this window.</Box>}
          columnDefinitions={[
            { id: "at", header: "At", cell: (m) => offset(m.t), width: 90 },
            { id: "time", header: "Time", cell: (m) => dateTime(m.t), width: 200 },
            { id: "kind", header: "What", cell: (m) => m.kind, width: 110 },
            { id: "text", header: "", cell: (m) => m.text },
          ]}
        />
      </SpaceBetween>
    </Container>
  );
}
