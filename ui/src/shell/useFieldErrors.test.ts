import { describe, expect, it } from "vitest";
import { sentence } from "./useFieldErrors";

describe("sentence", () => {
  it("turns berth-core's rule into a sentence under the field", () => {
    expect(sentence("contains a space; only letters are allowed")).toBe("Contains a space; only letters are allowed.");
    expect(sentence("Must be lowercase.")).toBe("Must be lowercase.");
  });
});
