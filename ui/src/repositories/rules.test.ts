import { describe, expect, it } from "vitest";
import { repositoryNameError } from "./rules";

describe("repository names", () => {
  it("accepts ECR's shapes", () => {
    for (const ok of ["web", "team/web-app", "a.b_c-d/e1", "ab"]) expect(repositoryNameError(ok)).toBeUndefined();
  });
  it("names the rule a bad name breaks", () => {
    expect(repositoryNameError("a")).toContain("2–256");
    expect(repositoryNameError("Web")).toContain("lowercase");
    for (const bad of ["web-", "-web", "web--app", "team//web", "web app"]) expect(repositoryNameError(bad)).toBeDefined();
  });
});
