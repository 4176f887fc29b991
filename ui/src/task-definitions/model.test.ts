import { describe, expect, it } from "vitest";
import { canonicalJson, diffLines } from "./diff";
import { emptyDefinition, errorMap, forRegister, getIn, jsonError, mergeEnv, parseEnvLines, registerCommand, renameFamily, setIn, withNetworkMode } from "./model";

describe("task definition model", () => {
  it("carries a default log group along with the family, never one the user chose", () => {
    const doc = emptyDefinition("us-east-1");
    const group = (d: typeof doc, i = 0) => ((d.containerDefinitions as { logConfiguration: { options: Record<string, string> } }[])[i].logConfiguration.options["awslogs-group"]);
    expect(group(doc)).toBe("/ecs/app");
    const w = renameFamily(doc, "w");
    const web = renameFamily(w, "web");
    expect(web.family).toBe("web");
    expect(group(web)).toBe("/ecs/web");
    const chosen = setIn(web, ["containerDefinitions", 0, "logConfiguration", "options", "awslogs-group"], "/shared/logs");
    expect(group(renameFamily(chosen, "api"))).toBe("/shared/logs");
    expect("family" in renameFamily(web, "")).toBe(false);
  });

  it("sets and removes nested values without touching unknown fields", () => {
    const doc = { family: "web", someFutureField: { a: 1 }, containerDefinitions: [{ name: "a", image: "x" }] };
    const next = setIn(doc, ["containerDefinitions", 0, "image"], "nginx");
    expect(getIn(next, ["containerDefinitions", 0, "image"])).toBe("nginx");
    expect(next.someFutureField).toBe(doc.someFutureField);
    expect(doc.containerDefinitions[0].image).toBe("x");
    const removed = setIn(next, ["family"], undefined);
    expect("family" in removed).toBe(false);
  });

  it("reads pasted KEY=value lines", () => {
    const pairs = parseEnvLines('A=1\n\n# comment\nexport B="two words"\nC=x=y\nEMPTY=\n');
    expect(pairs).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "two words" },
      { name: "C", value: "x=y" },
      { name: "EMPTY", value: "" },
    ]);
    expect(mergeEnv([{ name: "A", value: "old" }, { name: "Z", value: "z" }], [{ name: "A", value: "new" }])).toEqual([
      { name: "Z", value: "z" },
      { name: "A", value: "new" },
    ]);
  });

  it("drops empty optional fields before registering", () => {
    const doc = emptyDefinition("us-east-1");
    const out = forRegister({ ...doc, family: "web", taskRoleArn: "" });
    expect("executionRoleArn" in out).toBe(false);
    expect("taskRoleArn" in out).toBe(false);
    expect(out.cpu).toBe("256");
  });

  it("writes the equivalent AWS CLI command", () => {
    const cmd = registerCommand({ family: "web", containerDefinitions: [] }, { id: "x", name: "x", kind: { type: "sandbox" }, region: "us-east-1", endpointUrl: "http://127.0.0.1:1" });
    expect(cmd).toBe(`aws ecs register-task-definition --cli-input-json '{"family":"web","containerDefinitions":[]}' --region us-east-1 --endpoint-url http://127.0.0.1:1`);
  });

  it("keeps the first rule per field and locates JSON errors", () => {
    const m = errorMap([{ field: "memory", rule: "a" }, { field: "memory", rule: "b" }]);
    expect(m.get("memory")).toBe("a");
    expect(jsonError('{"a": 1}')).toBeNull();
    expect(jsonError('{\n  "a": 1,\n}')).toMatch(/line \d+, column \d+|JSON/);
  });
});

describe("revision diff", () => {
  it("pairs changed lines and keeps order", () => {
    const rows = diffLines(["a", "b", "c", "d"], ["a", "B", "c", "d", "e"]);
    expect(rows.map((r) => r.kind)).toEqual(["same", "changed", "same", "same", "added"]);
  });
  it("ignores key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe("withNetworkMode", () => {
  it("drops host ports when leaving bridge and keeps them in bridge", () => {
    const doc = { family: "web", networkMode: "bridge", containerDefinitions: [{ name: "web", portMappings: [{ containerPort: 80, hostPort: 8080 }] }] };
    expect(withNetworkMode(doc, "awsvpc").containerDefinitions).toEqual([{ name: "web", portMappings: [{ containerPort: 80 }] }]);
    expect(withNetworkMode(doc, "bridge")).toEqual(doc);
  });
});
