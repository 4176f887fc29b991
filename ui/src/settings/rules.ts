// The sandbox's traffic rule, checked as the user types so the Apply button never sends
// what the sandbox would refuse.
export const MAX_REQUESTS_PER_SECOND = 100_000;

export function trafficError(text: string): string | null {
  if (text.trim() === "") return "Enter requests per second (0 for none).";
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > MAX_REQUESTS_PER_SECOND) {
    return `Requests per second must be a number from 0 to ${MAX_REQUESTS_PER_SECOND}.`;
  }
  return null;
}
