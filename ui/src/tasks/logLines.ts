// The log viewer's arithmetic, kept apart from React so it can be tested: which rows of
// a long list are on screen, and what a search keeps.
import type { LogEvent } from "../api";

export const LINE_HEIGHT = 18;
/** Lines kept in memory; older ones are dropped (the download says so). */
export const MAX_LINES = 200_000;

export function visibleRange(scrollTop: number, viewport: number, total: number, overscan = 30): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / LINE_HEIGHT) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / LINE_HEIGHT) + overscan);
  return [first, last];
}

export function search(lines: LogEvent[], text: string): LogEvent[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return lines;
  return lines.filter((l) => l.message.toLowerCase().includes(needle));
}

export function append(lines: LogEvent[], more: LogEvent[]): LogEvent[] {
  if (more.length === 0) return lines;
  const next = lines.concat(more);
  return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
}

export function asText(lines: LogEvent[]): string {
  return lines.map((l) => `${new Date(l.timestamp).toISOString()} ${l.message}`).join("\n") + "\n";
}
