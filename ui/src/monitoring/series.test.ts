import { describe, expect, it } from "vitest";
import { aligned, emptyStore, merge } from "./series";

const delivery = (points: Record<string, [number, number][]>) => ({
  points: Object.fromEntries(Object.entries(points).map(([id, ps]) => [id, ps.map(([t, v]) => ({ t, v }))])),
  calls: 1,
  period: 1,
  error: null,
  now: 0,
});

describe("metric series", () => {
  it("appends in order and refuses a point it already has", () => {
    const store = emptyStore();
    merge(store, delivery({ a: [[1, 10], [2, 20]] }), 3600);
    merge(store, delivery({ a: [[2, 20], [3, 30]] }), 3600);
    expect(store.series.get("a")).toEqual({ t: [1, 2, 3], v: [10, 20, 30] });
    expect(store.rejected).toBe(1);
    expect(store.accepted).toBe(3);
  });

  it("keeps only the window", () => {
    const store = emptyStore();
    merge(store, delivery({ a: [[0, 1], [50, 2], [100, 3]] }), 60);
    expect(store.series.get("a")?.t).toEqual([50, 100]);
  });

  it("aligns series on the union of their times", () => {
    const store = emptyStore();
    merge(store, delivery({ a: [[1, 1], [3, 3]], b: [[2, 20], [3, 30]] }), 3600);
    expect(aligned(store, ["a", "b"])).toEqual([[1, 2, 3], [1, null, 3], [null, 20, 30]]);
  });
});
