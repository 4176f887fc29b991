// An alarm's state as an indicator, and its condition in words.
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { Alarm, NewAlarm } from "../api";

export function AlarmState({ state }: { state: string }) {
  if (state === "ALARM") return <StatusIndicator type="error">In alarm</StatusIndicator>;
  if (state === "OK") return <StatusIndicator type="success">OK</StatusIndicator>;
  return <StatusIndicator type="pending">Insufficient data</StatusIndicator>;
}

const WORDS: Record<string, string> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: "≥",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "≤",
};

/** "Sum of HTTPCode_Target_5XX_Count > 10 for 2 of 3 periods of 60 s". */
export function condition(a: Alarm | NewAlarm): string {
  const n = a.evaluationPeriods;
  const m = ("datapointsToAlarm" in a ? a.datapointsToAlarm : null) ?? n;
  const periods = m === n ? `${n} period${n === 1 ? "" : "s"}` : `${m} of ${n} periods`;
  return `${a.statistic} of ${a.metricName} ${WORDS[a.comparison] ?? a.comparison} ${a.threshold} for ${periods} of ${a.period} s`;
}
