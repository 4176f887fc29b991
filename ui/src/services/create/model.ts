// The create-service wizard's model: every choice, what the choices need from AWS (the
// cluster's capacity providers, the revision's containers and ports, load balancers and
// target groups, the VPC), the NewService they make, and the plan run with its outcome.
// The steps read and change it; the rules are berth-core's.
import { useEffect, useMemo, useState } from "react";
import { api, type CreateOutcome, type Created, type LoadBalancer, type NewService, type ScalingMetric, type StrategySettings, type Tag, type TargetGroup } from "../../api";
import { useEnvironment } from "../../shell/environment";
import { useNetworkChoices } from "../../shell/network";
import { usePlacementChoices } from "../../shell/placement";
import { usePlanRun } from "../../shell/usePlanRun";
import { useWhatRuns } from "../../shell/whatRuns";

export type LbMode = "none" | "new" | "existing";
/** A launch type, or STRATEGY for the cluster's capacity providers with weights. */
export type Compute = "FARGATE" | "EC2" | "STRATEGY";
export type StrategyRow = { capacityProvider: string; weight: string; base: string };

export const NOTHING: Created = { loadBalancerArn: null, loadBalancerDns: null, targetGroupArn: null, alternateTargetGroupArn: null, listenerArn: null, productionRuleArn: null, testRuleArn: null, serviceArn: null, scalableTarget: false, policyName: null, stepPolicyArns: [], alarmNames: [] };

/** ECS's own numbers for each strategy until the user changes them (ECS-FACTS-DEPLOYMENTS §3). */
export const ROLLING: StrategySettings = { strategy: "ROLLING", bakeTimeInMinutes: 0, stepPercent: 10, stepBakeTimeInMinutes: 6, canaryPercent: 5, canaryBakeTimeInMinutes: 10, hooks: [], alternateTargetGroupArn: null, productionListenerRule: null, testListenerRule: null, roleArn: null };

/** Target tracking holds a metric at a value; step scaling adds and removes tasks at two thresholds. */
export type ScalingKind = "target" | "step";

export const METRICS: { value: ScalingMetric; label: string; description: string; target: string }[] = [
  { value: "Cpu", label: "Average CPU utilisation", description: "ECSServiceAverageCPUUtilization, percent", target: "50" },
  { value: "Memory", label: "Average memory utilisation", description: "ECSServiceAverageMemoryUtilization, percent", target: "70" },
  { value: "AlbRequests", label: "ALB requests per target", description: "ALBRequestCountPerTarget, per minute", target: "1000" },
];

/**
 * Reading a number out of a text field is the form's job (the ranges are berth-core's):
 * the number, or null when the text is not one.
 */
export function parsed(text: string, integer = true): number | null {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n))) return null;
  return n;
}

export function useCreateServiceModel(initialCluster?: string, start: { family?: string; name?: string; desired?: string; tags?: Tag[] } = {}) {
  const { active } = useEnvironment();
  const [clientToken] = useState(() => crypto.randomUUID());
  const [name, setNameText] = useState(start.name ?? "");
  const [nameEdited, setNameEdited] = useState(Boolean(start.name));
  const [compute, setCompute] = useState<Compute>("FARGATE");
  const [strategy, setStrategy] = useState<StrategyRow[]>([]);
  const [desired, setDesired] = useState(start.desired ?? "3");
  // Networking.
  const net = useNetworkChoices();
  // Load balancing.
  const [lbMode, setLbMode] = useState<LbMode>("new");
  const [lbName, setLbName] = useState("");
  const [tgName, setTgName] = useState("");
  const [internetFacing, setInternetFacing] = useState(true);
  const [healthPath, setHealthPath] = useState("/");
  const [container, setContainer] = useState("");
  const [port, setPort] = useState("");
  const [grace, setGrace] = useState("60");
  const [balancers, setBalancers] = useState<LoadBalancer[]>([]);
  const [balancer, setBalancer] = useState("");
  const [targetGroups, setTargetGroups] = useState<TargetGroup[]>([]);
  const [targetGroup, setTargetGroup] = useState("");
  // Deployment and scaling.
  const [minHealthy, setMinHealthy] = useState("100");
  const [maxPercent, setMaxPercent] = useState("200");
  const [breaker, setBreaker] = useState(true);
  const [rollback, setRollback] = useState(true);
  const [scalingOn, setScalingOn] = useState(true);
  const [minTasks, setMinTasks] = useState("1");
  const [maxTasks, setMaxTasks] = useState("6");
  const [metric, setMetric] = useState<ScalingMetric>("Cpu");
  const [target, setTarget] = useState("50");
  const [cooldown, setCooldown] = useState("60");
  const [scalingKind, setScalingKind] = useState<ScalingKind>("target");
  const [outThreshold, setOutThreshold] = useState("70");
  const [outBy, setOutBy] = useState("2");
  const [inThreshold, setInThreshold] = useState("20");
  const [inBy, setInBy] = useState("1");
  const [evalMinutes, setEvalMinutes] = useState("3");
  const [shift, setShift] = useState<StrategySettings>(ROLLING);
  const [shiftNotNumbers, setShiftNotNumbers] = useState<Record<string, string>>({});
  // Until the user picks the compute, it follows the revision and the cluster (below).
  const [computeChosen, setComputeChosen] = useState(false);
  // A family alone leaves the revision to the latest active one.
  const what = useWhatRuns(initialCluster, start.family ? `${start.family}:` : undefined, (d) => {
    const withPort = ((d.taskDefinition.containerDefinitions as { name: string; portMappings?: { containerPort?: number }[] }[] | undefined) ?? []).find((c) => c.portMappings?.length);
    if (withPort) {
      setContainer(withPort.name);
      setPort(String(withPort.portMappings?.[0]?.containerPort ?? ""));
    } else setLbMode("none");
  });
  const { clusters, described, cluster, family, taskDefinition } = what;

  // The name follows the family, and the load balancer's names follow the name, until typed.
  const serviceName = nameEdited ? name : family;
  useEffect(() => {
    setLbName(serviceName ? `${serviceName}-alb`.slice(0, 32) : "");
    setTgName(serviceName ? `${serviceName}-tg`.slice(0, 32) : "");
  }, [serviceName]);
  useEffect(() => {
    api.listLoadBalancers().then(setBalancers, () => setBalancers([]));
  }, [active?.id, active?.region]);
  useEffect(() => {
    if (!balancer) return setTargetGroups([]);
    api.listTargetGroups(balancer).then(
      (t) => {
        setTargetGroups(t);
        setTargetGroup((cur) => (t.some((x) => x.targetGroupArn === cur) ? cur : (t[0]?.targetGroupArn ?? "")));
      },
      () => setTargetGroups([]),
    );
  }, [balancer]);

  const awsvpc = described?.taskDefinition.networkMode === "awsvpc";
  const chosenCluster = clusters.find((c) => c.clusterName === cluster);
  const providers = chosenCluster?.capacityProviders ?? [];
  // An EC2 revision on a cluster whose default strategy has Auto Scaling group providers
  // runs on that strategy, so managed scaling adds instances when the tasks do not fit;
  // judged again when the revision or cluster changes (either may arrive first).
  const ec2Default = JSON.stringify(
    (chosenCluster?.defaultCapacityProviderStrategy ?? [])
      .filter((c) => !c.capacityProvider.startsWith("FARGATE"))
      .map((c): StrategyRow => ({ capacityProvider: c.capacityProvider, weight: String(c.weight), base: String(c.base) })),
  );
  const compat = JSON.stringify(described?.taskDefinition.requiresCompatibilities ?? ["EC2"]);
  useEffect(() => {
    if (computeChosen || !described) return;
    const rows = JSON.parse(ec2Default) as StrategyRow[];
    if ((JSON.parse(compat) as string[]).includes("FARGATE")) setCompute("FARGATE");
    else if (rows.length) {
      setCompute("STRATEGY");
      setStrategy(rows);
    } else setCompute("EC2");
  }, [computeChosen, described, compat, ec2Default]);
  const onEc2 = compute === "EC2" || (compute === "STRATEGY" && strategy.some((c) => c.capacityProvider && !c.capacityProvider.startsWith("FARGATE")));
  const placement = usePlacementChoices(onEc2);
  const { placementStrategy, placementConstraints } = placement;
  const networkMode = described ? String(described.taskDefinition.networkMode ?? "bridge") : "awsvpc";
  const containers = (described?.taskDefinition.containerDefinitions as { name: string; portMappings?: { containerPort?: number }[] }[] | undefined) ?? [];
  const ports = containers.find((c) => c.name === container)?.portMappings?.map((p) => String(p.containerPort ?? "")) ?? [];

  // Text that is not a number: said here, and sent as 0 so berth-core judges the rest.
  const numbers: [string, string, boolean][] = [
    ["desiredCount", desired, true],
    ...strategy.flatMap((c, i): [string, string, boolean][] => [
      [`capacityProviderStrategy[${i}].weight`, c.weight, true],
      [`capacityProviderStrategy[${i}].base`, c.base, true],
    ]),
    ["healthCheckGracePeriodSeconds", lbMode !== "none" ? grace : "0", true],
    ["minimumHealthyPercent", minHealthy, true],
    ["maximumPercent", maxPercent, true],
    ...(scalingOn
      ? ([
          ["autoScaling.minCapacity", minTasks, true],
          ["autoScaling.maxCapacity", maxTasks, true],
          ["autoScaling.scaleInCooldown", cooldown, true],
          ...((scalingKind === "target"
            ? [["autoScaling.targetValue", target, false]]
            : [
                ["autoScaling.steps.scaleOutThreshold", outThreshold, false],
                ["autoScaling.steps.scaleOutBy", outBy, true],
                ["autoScaling.steps.scaleInThreshold", inThreshold, false],
                ["autoScaling.steps.scaleInBy", inBy, true],
                ["autoScaling.steps.evaluationMinutes", evalMinutes, true],
              ]) as [string, string, boolean][]),
        ] as [string, string, boolean][])
      : []),
  ];
  const notNumbers: Record<string, string> = { ...shiftNotNumbers };
  for (const [field, text, integer] of numbers) if (parsed(text, integer) === null) notNumbers[field] = integer ? "A whole number." : "A number.";
  const num = (text: string, integer = true) => parsed(text, integer) ?? 0;
  const { vpc, chosenSubnets, chosenGroups, publicIp } = net;

  const input: NewService = useMemo(
    () => ({
      cluster,
      serviceName,
      taskDefinition,
      launchType: compute === "STRATEGY" ? null : compute,
      capacityProviderStrategy: compute === "STRATEGY" ? strategy.map((c) => ({ capacityProvider: c.capacityProvider, weight: num(c.weight), base: num(c.base) })) : [],
      desiredCount: num(desired),
      network: awsvpc ? { subnets: chosenSubnets, securityGroups: chosenGroups, assignPublicIp: publicIp } : null,
      placementStrategy,
      placementConstraints,
      deployment: { minimumHealthyPercent: num(minHealthy), maximumPercent: num(maxPercent), circuitBreaker: breaker, rollback },
      healthCheckGracePeriodSeconds: lbMode !== "none" ? num(grace) : null,
      loadBalancing:
        lbMode === "new"
          ? { mode: "new", loadBalancerName: lbName, internetFacing, vpcId: vpc, subnets: chosenSubnets, securityGroups: chosenGroups, targetGroupName: tgName, targetType: networkMode === "awsvpc" ? "ip" : "instance", healthCheckPath: healthPath, containerName: container, containerPort: num(port) }
          : lbMode === "existing"
            ? { mode: "existing", targetGroupArn: targetGroup, containerName: container, containerPort: num(port) }
            : null,
      autoScaling: scalingOn
        ? {
            minCapacity: num(minTasks),
            maxCapacity: num(maxTasks),
            metric,
            targetValue: scalingKind === "target" ? num(target, false) : 0,
            scaleInCooldown: num(cooldown),
            scaleOutCooldown: num(cooldown),
            steps: scalingKind === "step" ? { scaleOutThreshold: num(outThreshold, false), scaleOutBy: num(outBy), scaleInThreshold: num(inThreshold, false), scaleInBy: num(inBy), evaluationMinutes: num(evalMinutes) } : null,
          }
        : null,
      // Behind a new load balancer the plan makes the pieces; whatever was picked for another target group is dropped.
      strategy: lbMode === "new" ? { ...shift, alternateTargetGroupArn: null, productionListenerRule: null, testListenerRule: null } : shift,
      tags: start.tags ?? [],
      clientToken,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the seed tags are fixed for the wizard's life
    [cluster, serviceName, taskDefinition, compute, strategy, desired, awsvpc, placementStrategy, placementConstraints, networkMode, chosenSubnets, chosenGroups, publicIp, minHealthy, maxPercent, breaker, rollback, lbMode, grace, lbName, internetFacing, vpc, tgName, healthPath, container, port, targetGroup, scalingOn, minTasks, maxTasks, metric, target, cooldown, scalingKind, outThreshold, outBy, inThreshold, inBy, evalMinutes, shift, clientToken],
  );

  // The plan also checks the service against AWS as it is (the container and port
  // exist, an existing target group has a load balancer and type ip).
  const { plan, planError, setPlanError, outcome, running, undone, loadPlan, run, rollBack } = usePlanRun<Created, CreateOutcome>({
    plan: () => api.planService(input),
    execute: (created) => api.createService(input, created),
    rollBack: (created) => api.rollBackService(input, created),
  });

  return {
    what, described, awsvpc, networkMode, onEc2, placement, providers, containers, ports, net, balancers, targetGroups,
    loading: what.loading,
    notNumbers, input, clientToken,
    cluster,
    serviceName, setName: (v: string) => { setNameText(v); setNameEdited(true); },
    compute, setCompute: (c: Compute) => { setCompute(c); setComputeChosen(true); }, strategy, setStrategy, desired, setDesired,
    lbMode, setLbMode, lbName, setLbName, tgName, setTgName, internetFacing, setInternetFacing, healthPath, setHealthPath,
    container, setContainer, port, setPort, grace, setGrace, balancer, setBalancer, targetGroup, setTargetGroup,
    minHealthy, setMinHealthy, maxPercent, setMaxPercent, breaker, setBreaker, rollback, setRollback,
    scalingOn, setScalingOn, minTasks, setMinTasks, maxTasks, setMaxTasks, metric, setMetric, target, setTarget, cooldown, setCooldown,
    scalingKind, setScalingKind, outThreshold, setOutThreshold, outBy, setOutBy, inThreshold, setInThreshold, inBy, setInBy, evalMinutes, setEvalMinutes,
    shift, setShift, setShiftNotNumbers,
    plan, planError, setPlanError, outcome, running, undone, loadPlan, run, rollBack,
  };
}

export type CreateServiceModel = ReturnType<typeof useCreateServiceModel>;
