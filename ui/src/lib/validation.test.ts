import { describe, expect, it } from "vitest";
import { accessKeyIdError, endpointUrlError, hasTagErrors, regionError, resourceNameError, tagErrors } from "./validation";

describe("resourceNameError", () => {
  it("accepts ECS names", () => {
    expect(resourceNameError("my-app_1")).toBeUndefined();
    expect(resourceNameError("a".repeat(255))).toBeUndefined();
  });
  it("names the rule that fails", () => {
    expect(resourceNameError("")).toMatch(/Required: 1–255 characters/);
    expect(resourceNameError("a".repeat(256))).toBe("256 characters; the limit is 255.");
    expect(resourceNameError("my cluster")).toBe(
      "Contains a space; only letters, digits, hyphens (-) and underscores (_) are allowed.",
    );
    expect(resourceNameError("web.prod")).toMatch(/Contains "\."/);
    expect(resourceNameError("ünï")).toMatch(/Contains "ü"/);
  });
});

describe("tagErrors", () => {
  it("checks keys, values, reserved prefix and duplicates", () => {
    const errors = tagErrors([
      { key: "team", value: "payments" },
      { key: "", value: "x" },
      { key: "aws:created", value: "x" },
      { key: "team", value: "again" },
      { key: "long", value: "v".repeat(257) },
    ]);
    expect(errors[0]).toEqual({});
    expect(errors[1].key).toMatch(/1–128/);
    expect(errors[2].key).toMatch(/reserved/);
    expect(errors[3].key).toMatch(/unique/);
    expect(errors[4].value).toMatch(/256/);
    expect(hasTagErrors(errors)).toBe(true);
    expect(hasTagErrors(tagErrors([{ key: "a", value: "" }]))).toBe(false);
  });
});

describe("environment fields", () => {
  it("checks regions, endpoints and key ids", () => {
    expect(regionError("eu-west-1")).toBeUndefined();
    expect(regionError("us-gov-west-1")).toBeUndefined();
    expect(regionError("Ireland")).toBeDefined();
    expect(endpointUrlError("")).toBeUndefined();
    expect(endpointUrlError("http://127.0.0.1:4566")).toBeUndefined();
    expect(endpointUrlError("127.0.0.1:4566")).toMatch(/http:\/\//);
    expect(accessKeyIdError("AKIAIOSFODNN7EXAMPLE")).toBeUndefined();
    expect(accessKeyIdError("AKIA-short")).toBeDefined();
  });
});
