import { describe, expect, it } from "vitest";
import { usableLanguage } from "./locale";

describe("usable language", () => {
  it("keeps a language Intl accepts and replaces one it refuses", () => {
    expect(usableLanguage("de-DE")).toBe("de-DE");
    expect(usableLanguage("C")).toBe("en-US");
    expect(usableLanguage(undefined)).toBe("en-US");
  });
});
