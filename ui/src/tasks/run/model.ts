// The run-task wizard's model: the choices, what they need from AWS (clusters, the
// revision's description, the VPC), and the NewTasks they make. Every step reads it.
import { useMemo, useState } from "react";
import type { NewTasks, PlacementConstraintItem, PlacementStrategyItem, Tag } from "../../api";
import { useNetworkChoices } from "../../shell/network";
import { useWhatRuns } from "../../shell/whatRuns";
import { splitList } from "../../task-definitions/model";

export type Override = { name: string; command: string; environment: Tag[] };

/** How EC2 tasks are spread over instances: ECS's strategies as a console offers them. */
export const STRATEGIES: { value: string; label: string; items: PlacementStrategyItem[] }[] = [
  { value: "default", label: "ECS's default (random for RunTask)", items: [] },
  { value: "spread-az", label: "Spread across Availability Zones", items: [{ kind: "spread", field: "attribute:ecs.availability-zone" }] },
  { value: "spread-instance", label: "Spread across instances", items: [{ kind: "spread", field: "instanceId" }] },
  { value: "binpack-memory", label: "Binpack on memory (fewest instances)", items: [{ kind: "binpack", field: "memory" }] },
  { value: "binpack-cpu", label: "Binpack on CPU", items: [{ kind: "binpack", field: "cpu" }] },
  { value: "random", label: "Random", items: [{ kind: "random", field: null }] },
];

export function useRunTaskModel(initialCluster?: string, initialTd?: string) {
  /** A launch type, or `provider:<name>` for one of the cluster's capacity providers. */
  const [launchType, setLaunchType] = useState("FARGATE");
  const [strategy, setStrategy] = useState("default");
  const [distinct, setDistinct] = useState(false);
  const [memberOf, setMemberOf] = useState("");
  const [overrides, setOverrides] = useState<Override[]>([]);
  const what = useWhatRuns(initialCluster, initialTd, (d) => {
    const compat = (d.taskDefinition.requiresCompatibilities as string[] | undefined) ?? ["EC2"];
    setLaunchType(compat.includes("FARGATE") ? "FARGATE" : "EC2");
    const names = ((d.taskDefinition.containerDefinitions as { name: string }[] | undefined) ?? []).map((c) => c.name);
    setOverrides(names.map((name) => ({ name, command: "", environment: [] })));
  });
  const { described, cluster, taskDefinition } = what;
  const [clientToken] = useState(() => crypto.randomUUID());
  const [count, setCount] = useState("1");
  const net = useNetworkChoices();
  const [tags, setTags] = useState<Tag[]>([]);

  const awsvpc = described?.taskDefinition.networkMode === "awsvpc";
  // Reading the count's text is the form's job; its range is berth-core's rule.
  const n = Number(count);
  const whole = count.trim() !== "" && Number.isInteger(n) && n >= 0;
  const { chosenSubnets, chosenGroups, publicIp } = net;
  const provider = launchType.startsWith("provider:") ? launchType.slice("provider:".length) : null;
  const onEc2 = launchType === "EC2" || (provider !== null && !provider.startsWith("FARGATE"));
  const constraints: PlacementConstraintItem[] = onEc2
    ? [...(distinct ? [{ kind: "distinctInstance", expression: null }] : []), ...(memberOf.trim() ? [{ kind: "memberOf", expression: memberOf.trim() }] : [])]
    : [];
  const constraintsKey = JSON.stringify(constraints);
  const input: NewTasks = useMemo(
    () => ({
      cluster,
      taskDefinition,
      launchType: provider === null ? launchType : null,
      capacityProvider: provider,
      placementStrategy: onEc2 ? (STRATEGIES.find((s) => s.value === strategy)?.items ?? []) : [],
      placementConstraints: JSON.parse(constraintsKey) as PlacementConstraintItem[],
      count: whole ? n : 0,
      network: awsvpc ? { subnets: chosenSubnets, securityGroups: chosenGroups, assignPublicIp: publicIp } : null,
      overrides: overrides
        .filter((o) => o.command.trim() || o.environment.length)
        .map((o) => ({ name: o.name, command: splitList(o.command) ?? null, environment: o.environment })),
      tags,
      clientToken,
    }),
    [cluster, taskDefinition, launchType, provider, onEc2, strategy, constraintsKey, whole, n, awsvpc, chosenSubnets, chosenGroups, publicIp, overrides, tags, clientToken],
  );
  const calls = Math.ceil((input.count || 1) / 10);

  return {
    what, described, awsvpc, net, loading: what.loading, input, calls, clientToken, cluster, launchType, setLaunchType,
    onEc2, strategy, setStrategy, distinct, setDistinct, memberOf, setMemberOf,
    count, setCount, countIsWhole: whole, overrides, setOverrides, tags, setTags,
  };
}

export type RunTaskModel = ReturnType<typeof useRunTaskModel>;
