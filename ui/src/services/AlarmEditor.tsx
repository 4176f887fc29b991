// A new CloudWatch alarm on one of the service's own metrics (CPU, memory, target 5XX,
// response time): berth-core fills in the metric and its dimensions, the user sets the
// threshold and how it is judged while the live chart draws the threshold across the
// metric. berth-core checks every field as it is typed; Create sends PutMetricAlarm.
import { useEffect, useMemo, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type Alarm, type ApiError, type NewAlarm, type SeriesSpec, type Service, type ServiceMetric } from "../api";
import { MetricChart } from "../monitoring/MetricChart";
import { useMetricStream } from "../monitoring/useMetricStream";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useAction } from "../shell/useAction";
import { useFieldErrors } from "../shell/useFieldErrors";

const METRICS: { id: ServiceMetric; text: string }[] = [
  { id: "cpu", text: "CPU" },
  { id: "memory", text: "Memory" },
  { id: "target5xx", text: "Target 5XX" },
  { id: "responseTime", text: "Response time" },
];
const COMPARISONS = [
  { value: "GreaterThanThreshold", label: "greater than" },
  { value: "GreaterThanOrEqualToThreshold", label: "greater than or equal to" },
  { value: "LessThanThreshold", label: "less than" },
  { value: "LessThanOrEqualToThreshold", label: "less than or equal to" },
];
const MISSING = [
  { value: "missing", label: "As missing (no data: insufficient data)" },
  { value: "notBreaching", label: "As good (not breaching)" },
  { value: "breaching", label: "As bad (breaching)" },
  { value: "ignore", label: "Ignore (keep the state)" },
];
const RANGE = 30 * 60;

export function AlarmEditor({ service, onCreated }: { service: Service; onCreated: (a: Alarm) => void }) {
  const [metric, setMetric] = useState<ServiceMetric>(service.loadBalancers.length ? "target5xx" : "cpu");
  const [draft, setDraft] = useState<NewAlarm | null>(null);
  const [texts, setTexts] = useState({ threshold: "", period: "", evaluationPeriods: "", datapointsToAlarm: "" });
  const [templateError, setTemplateError] = useState<ApiError | null>(null);
  const [preview, setPreview] = useState<[SeriesSpec, string] | null>(null);
  const create = useAction();

  useEffect(() => {
    setTemplateError(null);
    api.serviceAlarmTemplate(service.clusterName, service.serviceName, metric).then(
      (t) => {
        setDraft(t);
        setTexts({ threshold: String(t.threshold), period: String(t.period), evaluationPeriods: String(t.evaluationPeriods), datapointsToAlarm: String(t.datapointsToAlarm) });
      },
      (e) => {
        setDraft(null);
        setTemplateError(toApiError(e));
      },
    );
  }, [service.clusterName, service.serviceName, metric]);

  // Text that is no number is the form's own finding; the rules are berth-core's.
  const number = (t: string) => (t.trim() === "" || Number.isNaN(Number(t)) ? null : Number(t));
  const alarm: NewAlarm | null = draft && {
    ...draft,
    threshold: number(texts.threshold) ?? Number.NaN,
    period: number(texts.period) ?? 0,
    evaluationPeriods: number(texts.evaluationPeriods) ?? 0,
    datapointsToAlarm: number(texts.datapointsToAlarm) ?? 0,
  };
  // NaN does not travel as JSON; a threshold that is not a number is checked here.
  const checked = useFieldErrors({ form: "newAlarm", input: alarm ? { ...alarm, threshold: Number.isFinite(alarm.threshold) ? alarm.threshold : 0 } : (draft as NewAlarm) });
  const errors = checked.errors;
  const notNumber = (t: string) => (number(t) === null ? "A number." : undefined);
  const fieldError = {
    threshold: notNumber(texts.threshold) ?? errors.threshold,
    period: notNumber(texts.period) ?? errors.period,
    evaluationPeriods: notNumber(texts.evaluationPeriods) ?? errors.evaluationPeriods,
    datapointsToAlarm: notNumber(texts.datapointsToAlarm) ?? errors.datapointsToAlarm,
    alarmName: errors.alarmName,
  };
  const invalid = Object.values(fieldError).some(Boolean) || checked.checking;

  const key = alarm ? JSON.stringify({ ...alarm, threshold: 0 }) : "";
  useEffect(() => {
    if (!key) return;
    api.previewAlarm(JSON.parse(key) as NewAlarm).then(setPreview, () => setPreview(null));
  }, [key]);
  const specs = useMemo(() => (preview ? [preview[0]] : null), [preview]);
  const stream = useMetricStream(specs, RANGE, false);
  const threshold = alarm && Number.isFinite(alarm.threshold) ? alarm.threshold : null;
  const cli = preview && alarm ? preview[1].replace(/--threshold \S+/, `--threshold ${texts.threshold}`) : "";

  return (
    <SpaceBetween size="m">
      <SegmentedControl selectedId={metric} options={METRICS} onChange={({ detail }) => setMetric(detail.selectedId as ServiceMetric)} label="Metric" data-testid="alarm-metric" />
      {templateError && <ErrorAlert error={templateError} header="No alarm on this metric" />}
      {draft && alarm && (
        <>
          <ColumnLayout columns={3}>
            <FormField label="Alarm name" errorText={fieldError.alarmName}>
              <Input value={draft.alarmName} onChange={({ detail }) => setDraft({ ...draft, alarmName: detail.value })} data-testid="alarm-name" />
            </FormField>
            <FormField label={`${draft.statistic} is`}>
              <Select selectedOption={COMPARISONS.find((c) => c.value === draft.comparison) ?? COMPARISONS[0]} options={COMPARISONS} onChange={({ detail }) => setDraft({ ...draft, comparison: detail.selectedOption.value ?? draft.comparison })} />
            </FormField>
            <FormField label="Threshold" errorText={fieldError.threshold} description={draft.unit === "Seconds" ? "In seconds." : draft.unit === "Percent" ? "In percent." : "A count per period."}>
              <Input type="number" value={texts.threshold} onChange={({ detail }) => setTexts({ ...texts, threshold: detail.value })} data-testid="alarm-threshold" />
            </FormField>
            <FormField label="Period (s)" errorText={fieldError.period} description="10, 20, 30 or a multiple of 60.">
              <Input type="number" value={texts.period} onChange={({ detail }) => setTexts({ ...texts, period: detail.value })} data-testid="alarm-period" />
            </FormField>
            <FormField label="Evaluation periods" errorText={fieldError.evaluationPeriods}>
              <Input type="number" value={texts.evaluationPeriods} onChange={({ detail }) => setTexts({ ...texts, evaluationPeriods: detail.value })} data-testid="alarm-evaluation-periods" />
            </FormField>
            <FormField label="Datapoints to alarm" errorText={fieldError.datapointsToAlarm} description="How many of those periods must breach.">
              <Input type="number" value={texts.datapointsToAlarm} onChange={({ detail }) => setTexts({ ...texts, datapointsToAlarm: detail.value })} data-testid="alarm-datapoints" />
            </FormField>
          </ColumnLayout>
          <FormField label="Missing data is treated">
            <Select selectedOption={MISSING.find((m) => m.value === draft.treatMissingData) ?? MISSING[0]} options={MISSING} onChange={({ detail }) => setDraft({ ...draft, treatMissingData: detail.selectedOption.value ?? draft.treatMissingData })} />
          </FormField>
          {preview && (
            <MetricChart
              testId="alarm-editor-chart"
              title={`${draft.statistic} of ${draft.metricName}, last 30 minutes`}
              unit={preview[0].unit}
              series={[{ id: "alarm", label: draft.metricName, color: "#0972d3" }]}
              store={stream.store}
              range={RANGE}
              threshold={threshold === null ? undefined : { value: threshold, label: `threshold ${threshold}` }}
            />
          )}
          <Box variant="code" data-testid="alarm-cli">
            <span style={{ wordBreak: "break-all" }}>{cli}</span>
          </Box>
          {create.error && <ErrorAlert error={create.error} header="CloudWatch refused the alarm" />}
          <Box>
            <Button disabled={invalid} loading={create.busy} onClick={() => void create.run(async () => onCreated(await api.putAlarm(alarm)))} data-testid="create-alarm">
              Create alarm
            </Button>
          </Box>
        </>
      )}
    </SpaceBetween>
  );
}
