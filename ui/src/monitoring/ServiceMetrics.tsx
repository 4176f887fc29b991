// A service's live charts on its detail page: one stream for all its series, the range
// picker, which resolution is shown, and markers for deployments and scaling activities.
import { useEffect, useMemo, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Toggle from "@cloudscape-design/components/toggle";
import { api, type SeriesSpec, type Service, type ServiceScaling } from "../api";
import { useEnvironment } from "../shell/environment";
import { ErrorAlert } from "../shell/ErrorAlert";
import { chartsFor } from "./charts";
import { MetricChart, type Marker } from "./MetricChart";
import { RangeControl } from "./RangeControl";
import { useMetricStream } from "./useMetricStream";

export function markersFor(service: Service, scaling: ServiceScaling | null): Marker[] {
  const out: Marker[] = [];
  for (const d of service.deployments) {
    if (d.createdAt) out.push({ t: d.createdAt, label: `deploy ${d.taskDefinition}`, color: "#0972d3" });
    if (d.rolloutState === "COMPLETED" && d.updatedAt && d.createdAt && d.updatedAt > d.createdAt + 1) out.push({ t: d.updatedAt, label: "done", color: "#037f0c" });
    if (d.rolloutState === "FAILED" && d.updatedAt) out.push({ t: d.updatedAt, label: "failed", color: "#d91515" });
  }
  for (const a of scaling?.activities ?? []) {
    if (a.startTime) out.push({ t: a.startTime, label: a.description.replace("Setting desired count to ", "scale → ").replace(/\.$/, ""), color: "#8d6605" });
  }
  return out;
}

export function ServiceMetrics({ service, scaling }: { service: Service; scaling: ServiceScaling | null }) {
  const { active } = useEnvironment();
  const sandbox = active?.kind.type === "sandbox";
  const [specs, setSpecs] = useState<SeriesSpec[] | null>(null);
  const [range, setRange] = useState(15 * 60);
  const [highRes, setHighRes] = useState(false);
  const lbKey = service.loadBalancers.map((l) => l.targetGroupArn).join();

  useEffect(() => {
    api.serviceMetricSeries(service.clusterName, service.serviceName, "s").then(setSpecs, () => setSpecs([]));
  }, [service.clusterName, service.serviceName, lbKey]);
  useEffect(() => {
    if (!sandbox || !active) return;
    api.describeSimulation(active.region).then(
      (sim) => setHighRes(sim.services.some((s) => s.cluster === service.clusterName && s.service === service.serviceName && s.metricsResolution === 1)),
      () => setHighRes(false),
    );
  }, [sandbox, active, service.clusterName, service.serviceName]);

  const stream = useMetricStream(specs, range, highRes);
  const charts = useMemo(() => chartsFor(specs ?? [], "s"), [specs]);
  const markers = markersFor(service, scaling);

  const resolution = stream.watch
    ? stream.watch.period === 1
      ? "1-second points from the sandbox's high-resolution metrics"
      : `${stream.watch.period}-second points: ${sandbox ? "the sandbox publishes" : "AWS/ECS publishes"} once a minute`
    : "starting";

  return (
    <Container
      data-testid="service-metrics"
      header={
        <Header
          variant="h2"
          description={
            <SpaceBetween direction="horizontal" size="xs">
              <span data-testid="metrics-resolution">Live CloudWatch: {resolution}.</span>
              {stream.watch && <span>One GetMetricData call every {stream.watch.tickSeconds.toFixed(1)} s for {specs?.length ?? 0} series.</span>}
            </SpaceBetween>
          }
          actions={
            <SpaceBetween direction="horizontal" size="m" alignItems="center">
              {sandbox && (
                <Toggle
                  checked={highRes}
                  onChange={({ detail }) => {
                    if (!active) return;
                    void api.setMetricsResolution(active.region, service.clusterName, service.serviceName, detail.checked ? 1 : 60).then(() => setHighRes(detail.checked));
                  }}
                  data-testid="high-res"
                >
                  1-second metrics
                </Toggle>
              )}
              <RangeControl seconds={range} onChange={setRange} />
            </SpaceBetween>
          }
        >
          Metrics
        </Header>
      }
    >
      <SpaceBetween size="m">
        {stream.failure && <ErrorAlert error={stream.failure} header="Could not start the metrics stream" />}
        {stream.error && (
          <Alert type="warning" header="Reconnecting">
            The last GetMetricData call failed ({stream.error}). Berth retries every tick from the last point it has, so nothing is skipped.
          </Alert>
        )}
        {!specs ? (
          <StatusIndicator type="loading">Finding the service's metrics</StatusIndicator>
        ) : (
          <div className="chart-grid">
            {charts.map((c) => (
              <MetricChart key={c.key} testId={`chart-${c.key}`} title={c.title} unit={c.unit} series={c.series} store={stream.store} range={range} markers={markers} />
            ))}
          </div>
        )}
      </SpaceBetween>
    </Container>
  );
}
