import { describe, expect, it } from "vitest";
import { href, match, to } from "./paths";
import { page } from "./routes";

describe("paths", () => {
  it("builds links with each parameter encoded as one segment", () => {
    expect(to("clusters")).toBe("/clusters");
    expect(href("repository", { name: "team/web" })).toBe("#/repositories/team%2Fweb");
    expect(to("runTask", {}, { cluster: "demo", taskDefinition: undefined })).toBe("/run-task?cluster=demo");
    expect(to("compareRevisions", { family: "web", left: "1", right: "3" })).toBe("/task-definitions/web/compare/1/3");
  });

  it("matches a path back to its parameters", () => {
    expect(match("repository", "/repositories/team%2Fweb")).toEqual({ name: "team/web" });
    expect(match("task", "/tasks/demo/abc")).toEqual({ cluster: "demo", taskId: "abc" });
    expect(match("cluster", "/clusters/a/b")).toBeNull();
  });

  it("routes fixed paths before parameters and unknown paths to the clusters", () => {
    expect(page("/clusters/create").crumbs.map((c) => c.text)).toEqual(["Clusters", "Create cluster"]);
    expect(page("/clusters/web").crumbs.map((c) => c.text)).toEqual(["Clusters", "web"]);
    expect(page("/task-definitions/create?from=web:2").crumbs.map((c) => c.text)).toEqual(["Task definitions", "New revision of web:2"]);
    expect(page("/nowhere").section).toBe("clusters");
  });
});
