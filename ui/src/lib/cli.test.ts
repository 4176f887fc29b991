import { describe, expect, it } from "vitest";
import type { Environment } from "../api";
import { createClusterCommand, runTaskCommand, shellQuote } from "./cli";

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

describe("run-task command", () => {
  it("spells out network, overrides, tags and the client token", () => {
    const cmd = runTaskCommand(
      {
        cluster: "demo",
        taskDefinition: "web:2",
        launchType: "FARGATE",
        count: 25,
        network: { subnets: ["subnet-1", "subnet-2"], securityGroups: ["sg-1"], assignPublicIp: true },
        overrides: [{ name: "web", command: null, environment: [{ key: "MODE", value: "demo" }] }],
        tags: [{ key: "team", value: "a b" }],
        capacityProvider: null,
        placementStrategy: [],
        placementConstraints: [],
        clientToken: "tok",
      },
      null,
    );
    expect(cmd).toBe(
      `aws ecs run-task --cluster demo --task-definition web:2 --count 10 --launch-type FARGATE --network-configuration 'awsvpcConfiguration={subnets=[subnet-1,subnet-2],securityGroups=[sg-1],assignPublicIp=ENABLED}' --overrides '{"containerOverrides":[{"name":"web","environment":[{"name":"MODE","value":"demo"}]}]}' --tags 'key=team,value="a b"' --client-token tok-0`,
    );
  });

  it("names the capacity provider and the placement rules", () => {
    const cmd = runTaskCommand(
      {
        cluster: "learn",
        taskDefinition: "bridge-web:1",
        launchType: null,
        count: 2,
        network: null,
        overrides: [],
        tags: [],
        capacityProvider: "learn-asg",
        placementStrategy: [{ kind: "binpack", field: "memory" }],
        placementConstraints: [{ kind: "memberOf", expression: "attribute:ecs.instance-type == t3.micro" }],
        clientToken: "tok",
      },
      null,
    );
    expect(cmd).toContain("--capacity-provider-strategy capacityProvider=learn-asg,weight=1 --placement-strategy type=binpack,field=memory");
    expect(cmd).toContain(`--placement-constraints 'type=memberOf,expression="attribute:ecs.instance-type == t3.micro"'`);
  });
});
