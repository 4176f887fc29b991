// The operator's wall: several services of a cluster side by side, plus the cluster's
// reservation and utilisation, all from one stream (one GetMetricData call per tick).
import { useEffect, useMemo, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import { api, type SeriesSpec, type Service } from "../api";
import { useClusters } from "../clusters/useClusters";
import { useEnvironment } from "../shell/environment";
import { navigate } from "../shell/router";
import { chartsFor } from "./charts";
import { MetricChart } from "./MetricChart";
import { RangeControl } from "./RangeControl";
import { useMetricStream } from "./useMetricStream";
import { to } from "../paths";

const WALL_CHARTS = ["cpu", "mem", "requests", "latency"];

export function MonitoringPage({ cluster: routeCluster, services: routeServices }: { cluster?: string; services?: string }) {
  const { clusters } = useClusters();
  const { active } = useEnvironment();
  const sandbox = active?.kind.type === "sandbox";
  const [highRes, setHighRes] = useState(false);
  const cluster = routeCluster ?? clusters[0]?.clusterName ?? null;
  const [services, setServices] = useState<Service[]>([]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [specs, setSpecs] = useState<SeriesSpec[] | null>(null);
  const [range, setRange] = useState(15 * 60);

  useEffect(() => {
    if (!cluster) return;
    const found: Service[] = [];
    setChosen(null);
    void api.listServices(cluster, (b) => found.push(...b)).then(() => setServices([...found].sort((a, b) => a.serviceName.localeCompare(b.serviceName))));
  }, [cluster]);
  // `?services=a,b` (or `*`) picks the services to show; otherwise the first six.
  const initial = useMemo(() => (routeServices === "*" ? services.map((s) => s.serviceName) : routeServices ? routeServices.split(",") : services.slice(0, 6).map((s) => s.serviceName)), [routeServices, services]);
  const shown = useMemo(() => (chosen ?? initial).filter((n) => services.some((s) => s.serviceName === n)), [chosen, initial, services]);
  const prefix = (i: number) => `m${i}`;
  useEffect(() => {
    if (!cluster) return;
    let stale = false;
    Promise.all([api.clusterMetricSeries(cluster, "c"), ...shown.map((name, i) => api.serviceMetricSeries(cluster, name, prefix(i)))]).then(
      (lists) => !stale && setSpecs(lists.flat()),
      () => !stale && setSpecs([]),
    );
    return () => {
      stale = true;
    };
  }, [cluster, shown]);
  const stream = useMetricStream(specs, range, highRes);
  const setResolution = async (on: boolean) => {
    if (!active || !cluster) return;
    await Promise.all(shown.map((name) => api.setMetricsResolution(active.region, cluster, name, on ? 1 : 60)));
    setHighRes(on);
  };

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={stream.watch ? `${specs?.length ?? 0} series, one GetMetricData call every ${stream.watch.tickSeconds.toFixed(1)} s, ${stream.watch.period === 1 ? "1-second points from the sandbox" : `${stream.watch.period}-second points`}.` : "Live CloudWatch metrics for several services at once."}
        actions={
          <SpaceBetween direction="horizontal" size="m" alignItems="center">
            {sandbox && (
              <Toggle checked={highRes} onChange={({ detail }) => void setResolution(detail.checked)} data-testid="wall-high-res">
                1-second metrics
              </Toggle>
            )}
            <RangeControl seconds={range} onChange={setRange} />
          </SpaceBetween>
        }
      >
        Monitoring
      </Header>
      <SpaceBetween direction="horizontal" size="s">
        <FormField label="Cluster">
          <Select selectedOption={cluster ? { value: cluster } : null} placeholder="No clusters" options={clusters.map((c) => ({ value: c.clusterName }))} onChange={({ detail }) => navigate(to("clusterMonitoring", { cluster: detail.selectedOption.value ?? "" }))} />
        </FormField>
        <FormField label="Services">
          <Multiselect
            selectedOptions={shown.map((n) => ({ value: n, label: n }))}
            options={services.map((s) => ({ value: s.serviceName, label: s.serviceName, description: `${s.runningCount} running` }))}
            onChange={({ detail }) => setChosen(detail.selectedOptions.map((o) => o.value ?? ""))}
            placeholder={services.length ? "Choose services" : "No services in this cluster"}
            enableSelectAll
            i18nStrings={{ selectAllText: "All services" }}
            data-testid="monitoring-services"
          />
        </FormField>
      </SpaceBetween>
      {stream.error && <Box color="text-status-warning">Reconnecting: {stream.error}</Box>}
      <Container header={<Header variant="h2">{cluster ? `Cluster ${cluster}` : "Cluster"}</Header>}>
        <div className="chart-grid">
          {chartsFor(specs ?? [], "c").map((c) => (
            <MetricChart key={c.key} title={c.title} unit={c.unit} series={c.series} store={stream.store} range={range} height={140} testId={`cluster-${c.key}`} />
          ))}
        </div>
      </Container>
      {shown.map((name, i) => (
        <Container key={name} header={<Header variant="h2">{name}</Header>} data-testid={`monitoring-${name}`}>
          <div className="chart-grid">
            {chartsFor(specs ?? [], prefix(i), WALL_CHARTS).map((c) => (
              <MetricChart key={c.key} title={c.title} unit={c.unit} series={c.series} store={stream.store} range={range} height={140} />
            ))}
          </div>
        </Container>
      ))}
    </SpaceBetween>
  );
}
