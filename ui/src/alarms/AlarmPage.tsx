// One alarm: its state and why, the metric charted live with the threshold drawn across
// it, and its history (state changes and configuration updates), newest first.
import { useCallback, useMemo, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { api } from "../api";
import { dateTime } from "../lib/format";
import { MetricChart } from "../monitoring/MetricChart";
import { useMetricStream } from "../monitoring/useMetricStream";
import { ConfirmModal } from "../shell/ConfirmModal";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { navigate } from "../shell/router";
import { usePolled } from "../shell/usePolled";
import { to } from "../paths";
import { AlarmState, condition } from "./state";

const REFRESH_MS = 5000;
const RANGE = 30 * 60;

export function AlarmPage({ name }: { name: string }) {
  const { notify } = useNotifications();
  const alarm = usePolled(useCallback(() => api.describeAlarm(name), [name]), REFRESH_MS);
  const history = usePolled(useCallback(() => api.alarmHistory(name), [name]), REFRESH_MS);
  const series = usePolled(useCallback(() => api.alarmSeries(name), [name]), 60_000);
  const specs = useMemo(() => (series.data ? [series.data] : null), [series.data]);
  const stream = useMetricStream(specs, RANGE, false);
  const [deleting, setDeleting] = useState(false);
  const a = alarm.data;
  if (!a) return alarm.error ? <ErrorAlert error={alarm.error} header={`Could not load alarm ${name}`} /> : <StatusIndicator type="loading">Loading {name}</StatusIndicator>;

  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={a.alarmArn} actions={<Button onClick={() => setDeleting(true)} data-testid="delete-alarm">Delete</Button>}>
        {a.alarmName}
      </Header>
      <Container header={<Header variant="h2">State</Header>} data-testid="alarm-state">
        <KeyValuePairs
          columns={3}
          items={[
            { label: "State", value: <AlarmState state={a.state} /> },
            { label: "Since", value: dateTime(a.stateUpdatedAt) },
            { label: "Condition", value: condition(a) },
            { label: "Why", value: a.stateReason ?? "—" },
            { label: "Missing data", value: a.treatMissingData },
            { label: "On", value: a.dimensions.map(([k, v]) => `${k}=${v}`).join(", ") || "—" },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2" description="The last 30 minutes; the red line is the threshold.">{a.metricName}</Header>}>
        {series.data && (
          <MetricChart testId="alarm-chart" title={`${a.statistic} of ${a.metricName}`} unit={series.data.unit} series={[{ id: "alarm", label: a.metricName, color: "#0972d3" }]} store={stream.store} range={RANGE} threshold={{ value: a.threshold, label: `threshold ${a.threshold}` }} />
        )}
      </Container>
      <Table
        data-testid="alarm-history"
        header={<Header variant="h2" counter={`(${history.data?.length ?? 0})`}>History</Header>}
        items={history.data ?? []}
        loading={history.data === null}
        trackBy={(i) => `${i.timestamp}-${i.summary}`}
        wrapLines
        empty={<Box>No history yet.</Box>}
        columnDefinitions={[
          { id: "time", header: "Time", cell: (i) => dateTime(i.timestamp), width: 210 },
          { id: "kind", header: "Type", cell: (i) => i.kind },
          { id: "summary", header: "Summary", cell: (i) => i.summary },
          { id: "reason", header: "Reason", cell: (i) => i.reason ?? "—" },
        ]}
      />
      {deleting && (
        <ConfirmModal
          header={`Delete alarm ${a.alarmName}`}
          expected={a.alarmName}
          confirmLabel="Delete"
          failureHeader="CloudWatch did not delete the alarm"
          onClose={() => setDeleting(false)}
          onConfirm={async (typed) => {
            await api.deleteAlarm(a.alarmName, typed);
            notify({ type: "success", content: `Alarm ${a.alarmName} deleted.` });
            navigate(to("alarms"));
          }}
        >
          <Box>A deployment that watches this alarm can no longer fail on it.</Box>
        </ConfirmModal>
      )}
    </SpaceBetween>
  );
}
