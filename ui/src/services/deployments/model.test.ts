import { describe, expect, it } from "vitest";
import type { DeploymentDetail, ServiceRevision } from "../../api";
import { deploymentArn, duration, fromTo, statusIndicator, statusText, stoppedBy } from "./model";

const base: DeploymentDetail = {
  serviceDeploymentArn: "arn:aws:ecs:us-east-1:1:service-deployment/c/web/abc",
  id: "abc",
  serviceArn: "arn:aws:ecs:us-east-1:1:service/c/web",
  clusterArn: "arn:aws:ecs:us-east-1:1:cluster/c",
  status: "SUCCESSFUL",
  statusReason: null,
  strategy: "ROLLING",
  lifecycleStage: null,
  createdAt: 100,
  startedAt: 100,
  finishedAt: 225,
  stoppedAt: null,
  updatedAt: 225,
  sourceRevisions: [{ arn: "r/1", requested: 0, running: 0, pending: 0 }],
  targetRevision: { arn: "r/2", requested: 2, running: 2, pending: 0 },
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  bakeTimeInMinutes: null,
  circuitBreakerStatus: "MONITORING_COMPLETE",
  circuitBreakerFailures: 0,
  circuitBreakerThreshold: 3,
  alarmsStatus: "DISABLED",
  alarmNames: [],
  triggeredAlarms: [],
  rollbackReason: null,
  rollbackStartedAt: null,
  rollbackRevisionArn: null,
  stoppedBy: null,
  canRollBack: false,
  hooks: [],
  productionTrafficWeight: null,
  testTrafficWeight: null,
};
const revisions = [{ serviceRevisionArn: "r/1", taskDefinition: "web:1" }, { serviceRevisionArn: "r/2", taskDefinition: "web:2" }] as ServiceRevision[];

describe("deployment history", () => {
  it("reads a deployment's revisions and how long it ran", () => {
    expect(fromTo(base, revisions)).toBe("web:1 → web:2");
    expect(fromTo({ ...base, sourceRevisions: [] }, revisions)).toBe("web:2");
    expect(fromTo({ ...base, targetRevision: { arn: "x/9", requested: 0, running: 0, pending: 0 } }, [])).toBe("1 → 9");
    expect(duration(base)).toBe("2 min 5 s");
    expect(duration({ ...base, finishedAt: null, updatedAt: 120 }, 130)).toBe("30 s");
    // The sandbox's clock runs ahead of the wall's: ECS's last update bounds "now".
    expect(duration({ ...base, finishedAt: null, updatedAt: 400 }, 130)).toBe("5 min 0 s");
  });
  it("names what stopped it, with ECS's reason", () => {
    expect(stoppedBy(base)).toBe("");
    expect(stoppedBy({ ...base, stoppedBy: "circuitBreaker", rollbackReason: "ECS deployment circuit breaker: tasks failed to start." })).toBe(
      "Circuit breaker: ECS deployment circuit breaker: tasks failed to start.",
    );
    expect(stoppedBy({ ...base, stoppedBy: "alarm", triggeredAlarms: ["web-5xx"] })).toBe("CloudWatch alarm: web-5xx");
    expect(statusText("ROLLBACK_SUCCESSFUL")).toBe("Rolled back");
    expect(statusIndicator("ROLLBACK_FAILED")).toBe("error");
  });
  it("builds a deployment's ARN from its service's", () => {
    expect(deploymentArn(base.serviceArn, "abc")).toBe(base.serviceDeploymentArn);
  });
});
