import { describe, expect, it } from "vitest";
import { append, asText, LINE_HEIGHT, MAX_LINES, search, visibleRange } from "./logLines";

const line = (i: number) => ({ timestamp: i, message: `line ${i}${i % 10 === 0 ? " ERROR" : ""}` });

describe("log viewer", () => {
  it("renders only the rows on screen, however many lines there are", () => {
    const [first, last] = visibleRange(5000 * LINE_HEIGHT, 420, 20000);
    expect(first).toBe(4970);
    expect(last - first).toBeLessThan(100);
    expect(visibleRange(0, 420, 5)).toEqual([0, 5]);
  });
  it("searches case-insensitively", () => {
    const lines = Array.from({ length: 100 }, (_, i) => line(i));
    expect(search(lines, "error")).toHaveLength(10);
    expect(search(lines, "  ")).toBe(lines);
  });
  it("caps memory by dropping the oldest lines", () => {
    const big = Array.from({ length: MAX_LINES }, (_, i) => line(i));
    const next = append(big, [line(MAX_LINES)]);
    expect(next).toHaveLength(MAX_LINES);
    expect(next[0].timestamp).toBe(1);
    expect(append(big, [])).toBe(big);
  });
  it("downloads as timestamped text", () => {
    expect(asText([{ timestamp: 0, message: "hi" }])).toBe("1970-01-01T00:00:00.000Z hi\n");
  });
});
