import { describe, expect, it } from "vitest";
import { trafficError } from "./rules";

describe("trafficError", () => {
  it("accepts 0 to 100000, decimals included", () => {
    expect(trafficError("0")).toBeNull();
    expect(trafficError("12.5")).toBeNull();
    expect(trafficError("100000")).toBeNull();
  });
  it("names the rule for empty, negative, too large and non-numbers", () => {
    expect(trafficError("")).toMatch(/Enter requests per second/);
    expect(trafficError("-1")).toMatch(/from 0 to 100000/);
    expect(trafficError("100001")).toMatch(/from 0 to 100000/);
    expect(trafficError("lots")).toMatch(/from 0 to 100000/);
  });
});
