import { describe, expect, it } from "vitest";
import { narrate } from "./narration";

describe("narrate", () => {
  it("reads ECS's service events in plain words", () => {
    expect(narrate("(service web) has started 1 tasks: (task abc).")).toBe("ECS starts 1 task to reach the desired count.");
    expect(narrate("(service web) has started 2 tasks: (task a) (task b).")).toBe("ECS starts 2 tasks to reach the desired count.");
    expect(narrate("(service web) has reached a steady state.")).toContain("steady state");
  });

  it("tells a target leaving from one joining", () => {
    expect(narrate("(service web) deregistered 1 targets in (target-group arn)")).toContain("leaves the target group");
    expect(narrate("(service web) registered 1 targets in (target-group arn)")).toContain("joins the load balancer's target group");
  });

  it("says when the circuit breaker rolls back", () => {
    expect(narrate("(service web) (deployment ecs-svc/1) deployment failed: rolling back to ecs-svc/0.")).toContain("rolls back to the last deployment that completed");
  });

  it("leaves an event it does not know to ECS's own words", () => {
    expect(narrate("something new")).toBe("ECS says:");
  });
});
