import { describe, expect, it } from "vitest";
import type { Cluster } from "../api";
import { clusterMatches } from "./filter";

function cluster(name: string, extra: Partial<Cluster> = {}): Cluster {
  return {
    clusterName: name,
    clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${name}`,
    status: "ACTIVE",
    runningTasksCount: 0,
    pendingTasksCount: 0,
    activeServicesCount: 0,
    registeredContainerInstancesCount: 0,
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
    containerInsights: null,
    tags: [],
    statistics: [],
    ...extra,
  };
}

describe("clusterMatches", () => {
  const all = [
    cluster("payments-prod", { capacityProviders: ["FARGATE"], tags: [{ key: "team", value: "payments" }] }),
    cluster("payments-dev", { status: "INACTIVE" }),
    cluster("search"),
  ];
  const names = (text: string) => all.filter((c) => clusterMatches(c, text)).map((c) => c.clusterName);

  it("matches every word, case-insensitively, across fields", () => {
    expect(names("")).toEqual(["payments-prod", "payments-dev", "search"]);
    expect(names("PAYMENTS")).toEqual(["payments-prod", "payments-dev"]);
    expect(names("payments inactive")).toEqual(["payments-dev"]);
    expect(names("fargate")).toEqual(["payments-prod"]);
    expect(names("team=payments")).toEqual(["payments-prod"]);
    expect(names("nothing")).toEqual([]);
  });

  it("filters 10,000 clusters in memory", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => cluster(`svc-${i}`));
    expect(many.filter((c) => clusterMatches(c, "svc-99")).length).toBe(111);
  });
});
