import { describe, expect, it } from "vitest";
import type { Environment } from "../api";
import { createClusterCommand, shellQuote } from "./cli";

const profileEnv: Environment = {
  id: "profile:dev",
  name: "dev",
  kind: { type: "profile", profile: "dev", credentials: "sso" },
  region: "eu-west-1",
  endpointUrl: null,
};

describe("createClusterCommand", () => {
  it("renders the AWS CLI call with settings, tags, region and profile", () => {
    const cmd = createClusterCommand(
      { clusterName: "web", containerInsights: true, tags: [{ key: "team", value: "payments" }] },
      profileEnv,
    );
    expect(cmd).toBe(
      "aws ecs create-cluster --cluster-name web --settings name=containerInsights,value=enabled " +
        "--tags key=team,value=payments --region eu-west-1 --profile dev",
    );
  });
  it("quotes values a shell or the shorthand would split", () => {
    const cmd = createClusterCommand(
      { clusterName: "web", containerInsights: false, tags: [{ key: "owner", value: "Jo's team, ops" }] },
      { ...profileEnv, kind: { type: "local" }, endpointUrl: "http://127.0.0.1:4566" },
    );
    expect(cmd).toContain(`'key=owner,value="Jo'"'"'s team, ops"'`);
    expect(cmd).toContain("--endpoint-url http://127.0.0.1:4566");
    expect(cmd).not.toContain("--profile");
  });
  it("leaves plain words alone", () => {
    expect(shellQuote("us-east-1")).toBe("us-east-1");
    expect(shellQuote("a b")).toBe("'a b'");
  });
});
