import { describe, expect, it } from "vitest";
import type { Service, ServiceDeployment } from "../api";
import { parsed } from "./create/model";
import { rolloutPercent, settling, targetGroupName } from "./model";

const deployment = (over: Partial<ServiceDeployment> = {}): ServiceDeployment => ({
  id: "ecs-svc/1", status: "PRIMARY", taskDefinition: "web:1", desiredCount: 3, pendingCount: 0, runningCount: 3, failedTasks: 0,
  rolloutState: "COMPLETED", rolloutStateReason: null, createdAt: 1, updatedAt: 2, ...over,
});
const service = (over: Partial<Service> = {}): Service => ({
  serviceArn: "arn", serviceName: "web", clusterArn: "c", clusterName: "demo", status: "ACTIVE", desiredCount: 3, runningCount: 3, pendingCount: 0,
  taskDefinitionArn: "td", taskDefinition: "web:1", launchType: "FARGATE", capacityProviderStrategy: [], schedulingStrategy: "REPLICA", createdAt: 1, createdBy: null,
  healthCheckGracePeriodSeconds: null, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, circuitBreaker: true, rollback: true },
  deploymentAlarms: null, network: null,
  strategy: { strategy: "ROLLING", bakeTimeInMinutes: 0, stepPercent: 10, stepBakeTimeInMinutes: 6, canaryPercent: 5, canaryBakeTimeInMinutes: 10, hooks: [], alternateTargetGroupArn: null, productionListenerRule: null, testListenerRule: null, roleArn: null }, loadBalancers: [], deployments: [deployment()], events: [], tags: [], ...over,
});

describe("services model", () => {
  it("measures a rollout by its primary deployment", () => {
    expect(rolloutPercent(deployment({ rolloutState: "IN_PROGRESS", runningCount: 1 }))).toBe(33);
    expect(rolloutPercent(deployment())).toBe(100);
    expect(rolloutPercent(undefined)).toBe(0);
  });

  it("knows when a service is still settling", () => {
    expect(settling(service())).toBe(false);
    expect(settling(service({ runningCount: 2 }))).toBe(true);
    expect(settling(service({ deployments: [deployment({ rolloutState: "IN_PROGRESS" }), deployment({ status: "ACTIVE" })] }))).toBe(true);
  });

  it("reads numbers out of text fields and leaves the ranges to berth-core", () => {
    expect(parsed("3")).toBe(3);
    expect(parsed("3.5")).toBeNull();
    expect(parsed("3.5", false)).toBe(3.5);
    expect(parsed(" ")).toBeNull();
    expect(parsed("-1")).toBe(-1);
  });

  it("names a target group from its ARN", () => {
    expect(targetGroupName("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-tg/73e2d6bc24d8a067")).toBe("web-tg");
  });
});
