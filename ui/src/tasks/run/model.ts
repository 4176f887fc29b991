// The run-task wizard's model: the choices, what they need from AWS (clusters, the
// revision's description, the VPC), and the NewTasks they make. Every step reads it.
import { useEffect, useMemo, useState } from "react";
import { api, type DescribedTaskDefinition, type NewTasks, type Tag } from "../../api";
import { useClusters } from "../../clusters/useClusters";
import { useNetworkChoices } from "../../shell/network";
import { useResource } from "../../shell/useResource";
import { splitList } from "../../task-definitions/model";

export type Override = { name: string; command: string; environment: Tag[] };

export function useRunTaskModel(initialCluster?: string, initialTd?: string) {
  const { clusters, loading: clustersLoading } = useClusters();
  const families = useResource(api.listTaskDefinitionFamilies, []);
  const [clientToken] = useState(() => crypto.randomUUID());
  const [cluster, setCluster] = useState(initialCluster ?? "");
  const [family, setFamily] = useState(initialTd?.split(":")[0] ?? "");
  const [revision, setRevision] = useState(initialTd?.split(":")[1] ?? "");
  const revisions = useResource(() => (family ? api.listTaskDefinitionRevisions(family) : Promise.resolve([])), [family]);
  const [described, setDescribed] = useState<DescribedTaskDefinition | null>(null);
  // The revision `described` answers for (also when describing it failed).
  const [describedFor, setDescribedFor] = useState("");
  const [launchType, setLaunchType] = useState("FARGATE");
  const [count, setCount] = useState("1");
  const net = useNetworkChoices();
  const [overrides, setOverrides] = useState<Override[]>([]);
  const [tags, setTags] = useState<Tag[]>([]);

  useEffect(() => {
    if (!cluster && clusters[0]) setCluster(clusters[0].clusterName);
  }, [clusters, cluster]);
  useEffect(() => {
    const active = revisions.data?.filter((r) => r.status === "ACTIVE") ?? [];
    if (active.length && !active.some((r) => String(r.revision) === revision)) setRevision(String(active[0].revision));
  }, [revisions.data, revision]);
  const taskDefinition = family && revision ? `${family}:${revision}` : "";
  useEffect(() => {
    if (!taskDefinition) return setDescribed(null);
    // Only the answer for the revision still chosen counts.
    let current = true;
    api.describeTaskDefinition(taskDefinition).then(
      (d) => {
        if (!current) return;
        setDescribed(d);
        setDescribedFor(taskDefinition);
        const compat = (d.taskDefinition.requiresCompatibilities as string[] | undefined) ?? ["EC2"];
        setLaunchType(compat.includes("FARGATE") ? "FARGATE" : "EC2");
        const names = ((d.taskDefinition.containerDefinitions as { name: string }[] | undefined) ?? []).map((c) => c.name);
        setOverrides(names.map((name) => ({ name, command: "", environment: [] })));
      },
      () => {
        if (!current) return;
        setDescribed(null);
        setDescribedFor(taskDefinition);
      },
    );
    return () => {
      current = false;
    };
  }, [taskDefinition]);

  const awsvpc = described?.taskDefinition.networkMode === "awsvpc";
  // Reading the count's text is the form's job; its range is berth-core's rule.
  const n = Number(count);
  const whole = count.trim() !== "" && Number.isInteger(n) && n >= 0;
  const { chosenSubnets, chosenGroups, publicIp } = net;
  const input: NewTasks = useMemo(
    () => ({
      cluster,
      taskDefinition,
      launchType,
      count: whole ? n : 0,
      network: awsvpc ? { subnets: chosenSubnets, securityGroups: chosenGroups, assignPublicIp: publicIp } : null,
      overrides: overrides
        .filter((o) => o.command.trim() || o.environment.length)
        .map((o) => ({ name: o.name, command: splitList(o.command) ?? null, environment: o.environment })),
      tags,
      clientToken,
    }),
    [cluster, taskDefinition, launchType, whole, n, awsvpc, chosenSubnets, chosenGroups, publicIp, overrides, tags, clientToken],
  );
  // Next waits for the clusters and the chosen revision: judged without them, a click was
  // refused ("Pick a cluster") just before the list arrived, and looked lost.
  const loading = clustersLoading || (taskDefinition !== "" && describedFor !== taskDefinition);
  const calls = Math.ceil((input.count || 1) / 10);

  return {
    clusters, families, revisions, described, awsvpc, net, loading, input, calls, clientToken,
    cluster, setCluster, family, setFamily, revision, setRevision, taskDefinition, launchType, setLaunchType,
    count, setCount, countIsWhole: whole, overrides, setOverrides, tags, setTags,
  };
}

export type RunTaskModel = ReturnType<typeof useRunTaskModel>;
