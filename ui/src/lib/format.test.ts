import { describe, expect, it } from "vitest";
import { ago, arnTail, bytes, shortDigest } from "./format";

describe("format", () => {
  it("shortens digests to 12 hex characters and keeps the algorithm", () => {
    expect(shortDigest("sha256:0123456789abcdef0123")).toBe("sha256:0123456789ab");
    expect(shortDigest("abcdef0123456789")).toBe("abcdef012345");
  });
  it("reads sizes in binary units", () => {
    expect(bytes(512)).toBe("512 B");
    expect(bytes(1536)).toBe("1.5 KiB");
    expect(bytes(5 * 1024 * 1024)).toBe("5.0 MiB");
    expect(bytes(null)).toBe("—");
  });
  it("says how long ago", () => {
    expect(ago(100, 130)).toBe("30 s ago");
    expect(ago(0, 7200)).toBe("2 h ago");
  });
  it("takes the id from an ARN", () => {
    expect(arnTail("arn:aws:ecs:us-east-1:1:task/demo/abc")).toBe("abc");
  });
});
