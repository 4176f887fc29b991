// The run-task wizard's model: the choices, what they need from AWS (clusters, the
// revision's description, the VPC), and the NewTasks they make. Every step reads it.
import { useMemo, useState } from "react";
import type { NewTasks, Tag } from "../../api";
import { useNetworkChoices } from "../../shell/network";
import { usePlacementChoices } from "../../shell/placement";
import { useWhatRuns } from "../../shell/whatRuns";
import { splitList } from "../../task-definitions/model";

export type Override = { name: string; command: string; environment: Tag[] };

export function useRunTaskModel(initialCluster?: string, initialTd?: string) {
  /** A launch type, or `provider:<name>` for one of the cluster's capacity providers. */
  const [launchType, setLaunchType] = useState("FARGATE");
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
  const placement = usePlacementChoices(onEc2);
  const { placementStrategy, placementConstraints } = placement;
  const input: NewTasks = useMemo(
    () => ({
      cluster,
      taskDefinition,
      launchType: provider === null ? launchType : null,
      capacityProvider: provider,
      placementStrategy,
      placementConstraints,
      count: whole ? n : 0,
      network: awsvpc ? { subnets: chosenSubnets, securityGroups: chosenGroups, assignPublicIp: publicIp } : null,
      overrides: overrides
        .filter((o) => o.command.trim() || o.environment.length)
        .map((o) => ({ name: o.name, command: splitList(o.command) ?? null, environment: o.environment })),
      tags,
      clientToken,
    }),
    [cluster, taskDefinition, launchType, provider, placementStrategy, placementConstraints, whole, n, awsvpc, chosenSubnets, chosenGroups, publicIp, overrides, tags, clientToken],
  );
  const calls = Math.ceil((input.count || 1) / 10);

  return {
    what, described, awsvpc, net, loading: what.loading, input, calls, clientToken, cluster, launchType, setLaunchType,
    onEc2, placement,
    count, setCount, countIsWhole: whole, overrides, setOverrides, tags, setTags,
  };
}

export type RunTaskModel = ReturnType<typeof useRunTaskModel>;
