// The time range of live charts: the usual windows, or any other relative one. The
// period is Rust's to choose (CloudWatch's rules); this only says how far back to look.
import DateRangePicker, { type DateRangePickerProps } from "@cloudscape-design/components/date-range-picker";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { RANGES } from "./series";

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2592000, year: 31536000 };

export function RangeControl({ seconds, onChange }: { seconds: number; onChange: (seconds: number) => void }) {
  const preset = RANGES.find((r) => r.seconds === seconds);
  const custom: DateRangePickerProps.Value | null = preset ? null : { type: "relative", amount: Math.round(seconds / 60), unit: "minute" };
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      <SegmentedControl
        selectedId={preset?.key ?? null}
        onChange={({ detail }) => onChange(RANGES.find((r) => r.key === detail.selectedId)?.seconds ?? 900)}
        options={RANGES.map((r) => ({ id: r.key, text: r.label }))}
        label="Time range"
        data-testid="metrics-range"
      />
      <DateRangePicker
        rangeSelectorMode="relative-only"
        value={custom}
        placeholder="Custom"
        relativeOptions={[]}
        onChange={({ detail }) => {
          const v = detail.value;
          if (v?.type === "relative") onChange(Math.min(v.amount * (UNIT_SECONDS[v.unit] ?? 60), 15 * 86400));
        }}
        isValidRange={(v) =>
          v?.type === "relative" && v.amount > 0 && v.amount * (UNIT_SECONDS[v.unit] ?? 60) <= 15 * 86400 && v.amount * (UNIT_SECONDS[v.unit] ?? 60) >= 60
            ? { valid: true }
            : { valid: false, errorMessage: "Choose from 1 minute to 15 days: CloudWatch keeps 1-minute data for 15 days." }
        }
        i18nStrings={{ customRelativeRangeOptionLabel: "Custom range", customRelativeRangeDurationLabel: "Duration", customRelativeRangeUnitLabel: "Unit of time", applyButtonLabel: "Apply", cancelButtonLabel: "Cancel", clearButtonLabel: "Clear", formatRelativeRange: (v) => `Last ${v.amount} ${v.unit}${v.amount === 1 ? "" : "s"}`, formatUnit: (u, n) => (n === 1 ? u : `${u}s`) }}
      />
    </SpaceBetween>
  );
}
