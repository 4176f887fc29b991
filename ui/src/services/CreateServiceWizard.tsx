// Create a service: what runs and how many, networking, load balancing (none, an existing
// target group, or a new ALB with listener and target group), deployment and auto scaling,
// then a review listing every AWS call in order with its CLI equivalent. Running the plan
// reports each step; a failed step leaves the user a choice: retry from it, or roll back
// what was made. One client token per wizard keeps CreateService from running twice.
import { useEffect, useMemo, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Tiles from "@cloudscape-design/components/tiles";
import Toggle from "@cloudscape-design/components/toggle";
import Wizard from "@cloudscape-design/components/wizard";
import {
  api,
  toApiError,
  type ApiError,
  type CreateOutcome,
  type Created,
  type DescribedTaskDefinition,
  type LoadBalancer,
  type NewService,
  type PlanStep,
  type ScalingMetric,
  type TargetGroup,
  type Undone,
} from "../api";
import { useClusters } from "../clusters/useClusters";
import { useEnvironment } from "../shell/environment";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { navigate } from "../shell/router";
import { NetworkStep, useNetworkChoices } from "../shell/network";
import { useResource } from "../shell/useResource";
import { deploymentErrors, elbNameError, whole } from "./model";

import { wizardStrings } from "../shell/wizard/strings";
import { to } from "../paths";

const I18N = wizardStrings("Create service");

const NOTHING: Created = { loadBalancerArn: null, loadBalancerDns: null, targetGroupArn: null, listenerArn: null, serviceArn: null, scalableTarget: false, policyName: null };
const METRICS: { value: ScalingMetric; label: string; description: string; target: string }[] = [
  { value: "Cpu", label: "Average CPU utilisation", description: "ECSServiceAverageCPUUtilization, percent", target: "50" },
  { value: "Memory", label: "Average memory utilisation", description: "ECSServiceAverageMemoryUtilization, percent", target: "70" },
  { value: "AlbRequests", label: "ALB requests per target", description: "ALBRequestCountPerTarget, per minute", target: "1000" },
];
// Which wizard step holds each field berth-core may name.
const FIELD_STEP: [RegExp, number][] = [
  [/^(cluster|serviceName|taskDefinition|launchType|capacityProviderStrategy|desiredCount|clientToken|tags)/, 0],
  [/^(subnets|securityGroups)/, 1],
  [/^(loadBalancing|healthCheckGracePeriodSeconds)/, 2],
  [/^(minimumHealthyPercent|maximumPercent|rollback|autoScaling)/, 3],
];

type LbMode = "none" | "new" | "existing";

export function CreateServiceWizard({ cluster: initialCluster }: { cluster?: string }) {
  const { active } = useEnvironment();
  const { notify } = useNotifications();
  const { clusters } = useClusters();
  const families = useResource(api.listTaskDefinitionFamilies, []);
  const [clientToken] = useState(() => crypto.randomUUID());
  const [step, setStep] = useState(0);
  const [touched, setTouched] = useState<Set<number>>(new Set());
  // What runs.
  const [cluster, setCluster] = useState(initialCluster ?? "");
  const [family, setFamily] = useState("");
  const [revision, setRevision] = useState("");
  const revisions = useResource(() => (family ? api.listTaskDefinitionRevisions(family) : Promise.resolve([])), [family]);
  const [described, setDescribed] = useState<DescribedTaskDefinition | null>(null);
  const [name, setName] = useState("");
  const [nameEdited, setNameEdited] = useState(false);
  const [launchType, setLaunchType] = useState("FARGATE");
  // "STRATEGY" stands for a capacity provider strategy instead of a launch type.
  const [strategy, setStrategy] = useState<{ capacityProvider: string; weight: string; base: string }[]>([]);
  const [desired, setDesired] = useState("3");
  // Networking.
  const net = useNetworkChoices();
  const { vpc, chosenSubnets, chosenGroups, publicIp } = net;
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
  // Review and run.
  const [plan, setPlan] = useState<PlanStep[] | null>(null);
  const [planError, setPlanError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<CreateOutcome | null>(null);
  const [running, setRunning] = useState(false);
  const [undone, setUndone] = useState<Undone[] | null>(null);

  useEffect(() => {
    if (!cluster && clusters[0]) setCluster(clusters[0].clusterName);
  }, [clusters, cluster]);
  useEffect(() => {
    const activeRevs = revisions.data?.filter((r) => r.status === "ACTIVE") ?? [];
    if (activeRevs.length && !activeRevs.some((r) => String(r.revision) === revision)) setRevision(String(activeRevs[0].revision));
  }, [revisions.data, revision]);
  const taskDefinition = family && revision ? `${family}:${revision}` : "";
  useEffect(() => {
    if (!taskDefinition) return setDescribed(null);
    api.describeTaskDefinition(taskDefinition).then(
      (d) => {
        setDescribed(d);
        const compat = (d.taskDefinition.requiresCompatibilities as string[] | undefined) ?? ["EC2"];
        setLaunchType(compat.includes("FARGATE") ? "FARGATE" : "EC2");
        const withPort = ((d.taskDefinition.containerDefinitions as { name: string; portMappings?: { containerPort?: number }[] }[] | undefined) ?? []).find((c) => c.portMappings?.length);
        if (withPort) {
          setContainer(withPort.name);
          setPort(String(withPort.portMappings?.[0]?.containerPort ?? ""));
        } else setLbMode("none");
      },
      () => setDescribed(null),
    );
  }, [taskDefinition]);
  useEffect(() => {
    if (!nameEdited) setName(family);
  }, [family, nameEdited]);
  useEffect(() => {
    setLbName(name ? `${name}-alb`.slice(0, 32) : "");
    setTgName(name ? `${name}-tg`.slice(0, 32) : "");
  }, [name]);
  useEffect(() => {
    api.listLoadBalancers().then(setBalancers, () => setBalancers([]));
  }, [active?.id, active?.region]);
  useEffect(() => {
    if (!balancer) return setTargetGroups([]);
    api.listTargetGroups(balancer).then((t) => {
      setTargetGroups(t);
      setTargetGroup((cur) => (t.some((x) => x.targetGroupArn === cur) ? cur : t[0]?.targetGroupArn ?? ""));
    }, () => setTargetGroups([]));
  }, [balancer]);

  const awsvpc = described?.taskDefinition.networkMode === "awsvpc";
  const providers = clusters.find((c) => c.clusterName === cluster)?.capacityProviders ?? [];
  const containers = ((described?.taskDefinition.containerDefinitions as { name: string; portMappings?: { containerPort?: number }[] }[] | undefined) ?? []);
  const ports = containers.find((c) => c.name === container)?.portMappings?.map((p) => String(p.containerPort ?? "")) ?? [];
  const deployment = { minimumHealthyPercent: Number(minHealthy), maximumPercent: Number(maxPercent), circuitBreaker: breaker, rollback };

  const errors: Record<string, string | undefined> = {
    cluster: cluster ? undefined : "Choose a cluster.",
    taskDefinition: taskDefinition ? undefined : "Choose a task definition and revision.",
    serviceName: /^[A-Za-z0-9_-]{1,255}$/.test(name) ? undefined : "1–255 letters, digits, hyphens (-) and underscores (_).",
    strategy:
      launchType !== "STRATEGY"
        ? undefined
        : strategy.length === 0
          ? "Add at least one capacity provider."
          : strategy.some((c) => !c.capacityProvider || whole(c.weight, 0, 1000, "Weight") || whole(c.base, 0, 100000, "Base"))
            ? "Each capacity provider needs a name, a weight of 0–1,000 and a base of 0–100,000."
            : strategy.filter((c) => Number(c.base) > 0).length > 1
              ? "Only one capacity provider in a strategy can have a base."
              : new Set(strategy.map((c) => c.capacityProvider)).size !== strategy.length
                ? "Each capacity provider appears once."
                : undefined,
    desiredCount: whole(desired, 0, 5000, "Desired count") ?? (scalingOn && (Number(desired) < Number(minTasks) || Number(desired) > Number(maxTasks)) ? "With auto scaling the desired count must lie between its minimum and maximum tasks." : undefined),
    subnets: awsvpc && chosenSubnets.length === 0 ? "Pick at least one subnet." : undefined,
    securityGroups: chosenGroups.length > 5 ? "At most 5 security groups." : undefined,
    loadBalancerName: lbMode === "new" ? elbNameError(lbName, "Load balancer name") : undefined,
    targetGroupName: lbMode === "new" ? elbNameError(tgName, "Target group name") : undefined,
    lbSubnets: lbMode === "new" && chosenSubnets.length < 2 ? "An Application Load Balancer needs subnets in at least two Availability Zones: pick two on the Networking step." : undefined,
    lbGroups: lbMode === "new" && chosenGroups.length === 0 ? "Pick a security group on the Networking step; the load balancer uses it too." : undefined,
    healthCheckPath: lbMode === "new" && !healthPath.startsWith("/") ? "The health-check path starts with /." : undefined,
    targetGroup: lbMode === "existing" && !targetGroup ? "Choose a target group." : undefined,
    container: lbMode !== "none" && !container ? "Choose the container that receives traffic." : undefined,
    port: lbMode !== "none" ? whole(port, 1, 65535, "Container port") : undefined,
    grace: lbMode !== "none" ? whole(grace, 0, 2147483647, "Grace period") : undefined,
    ...deploymentErrors(deployment),
    minTasks: scalingOn ? whole(minTasks, 0, 5000, "Minimum tasks") : undefined,
    maxTasks: scalingOn ? whole(maxTasks, 0, 5000, "Maximum tasks") ?? (Number(maxTasks) < Number(minTasks) ? "Maximum tasks must be at least the minimum." : undefined) : undefined,
    target: scalingOn ? (!(Number(target) > 0) || (metric !== "AlbRequests" && Number(target) > 100) ? (metric === "AlbRequests" ? "Requests per target above 0." : "A percentage above 0 and at most 100.") : undefined) : undefined,
    metric: scalingOn && metric === "AlbRequests" && lbMode === "none" ? "Scaling on ALB requests needs a load balancer." : undefined,
    cooldown: scalingOn ? whole(cooldown, 0, 86400, "Cooldown") : undefined,
  };
  const stepFields = [
    ["cluster", "taskDefinition", "serviceName", "desiredCount", "strategy"],
    ["subnets", "securityGroups"],
    ["loadBalancerName", "targetGroupName", "lbSubnets", "lbGroups", "healthCheckPath", "targetGroup", "container", "port", "grace", "metric"],
    ["minimumHealthyPercent", "maximumPercent", "rollback", "minTasks", "maxTasks", "target", "cooldown"],
  ];
  const stepValid = (i: number) => (stepFields[i] ?? []).every((f) => !errors[f]);
  const show = (i: number, f: string) => (touched.has(i) ? errors[f] : undefined);

  const input: NewService = useMemo(
    () => ({
      cluster,
      serviceName: name,
      taskDefinition,
      launchType: launchType === "STRATEGY" ? null : launchType,
      capacityProviderStrategy: launchType === "STRATEGY" ? strategy.map((c) => ({ capacityProvider: c.capacityProvider, weight: Number(c.weight), base: Number(c.base) })) : [],
      desiredCount: Number(desired),
      network: awsvpc ? { subnets: chosenSubnets, securityGroups: chosenGroups, assignPublicIp: publicIp } : null,
      deployment,
      healthCheckGracePeriodSeconds: lbMode !== "none" ? Number(grace) : null,
      loadBalancing:
        lbMode === "new"
          ? { mode: "new", loadBalancerName: lbName, internetFacing, vpcId: vpc, subnets: chosenSubnets, securityGroups: chosenGroups, targetGroupName: tgName, healthCheckPath: healthPath, containerName: container, containerPort: Number(port) }
          : lbMode === "existing"
            ? { mode: "existing", targetGroupArn: targetGroup, containerName: container, containerPort: Number(port) }
            : null,
      autoScaling: scalingOn ? { minCapacity: Number(minTasks), maxCapacity: Number(maxTasks), metric, targetValue: Number(target), scaleInCooldown: Number(cooldown), scaleOutCooldown: Number(cooldown) } : null,
      tags: [],
      clientToken,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cluster, name, taskDefinition, launchType, strategy, desired, awsvpc, chosenSubnets, chosenGroups, publicIp, minHealthy, maxPercent, breaker, rollback, lbMode, grace, lbName, internetFacing, vpc, tgName, healthPath, container, port, targetGroup, scalingOn, minTasks, maxTasks, metric, target, cooldown, clientToken],
  );

  // The review asks berth-core for the plan, which also checks against AWS as it is.
  useEffect(() => {
    if (step !== 4 || outcome) return;
    setPlan(null);
    setPlanError(null);
    api.planService(input).then(setPlan, (e) => setPlanError(toApiError(e)));
  }, [step, input, outcome]);

  const run = async (created: Created) => {
    setRunning(true);
    setUndone(null);
    try {
      const result = await api.createService(input, created);
      setOutcome(result);
      if (!result.failed) {
        notify({ type: "success", header: `Service ${name} created`, content: result.created.loadBalancerDns ? `Load balancer at http://${result.created.loadBalancerDns}` : `${input.desiredCount} tasks on ${cluster}.` });
        navigate(to("service", { cluster, name }));
      }
    } catch (e) {
      setPlanError(toApiError(e));
    } finally {
      setRunning(false);
    }
  };

  const rollBack = async () => {
    if (!outcome) return;
    setRunning(true);
    try {
      const report = await api.rollBackService(input, outcome.created);
      setUndone(report);
      if (report.every((r) => r.ok)) setOutcome(null);
    } catch (e) {
      setPlanError(toApiError(e));
    } finally {
      setRunning(false);
    }
  };


  const what = (
    <Container header={<Header variant="h2">What runs</Header>}>
      <SpaceBetween size="m">
        <FormField label="Cluster" errorText={show(0, "cluster")}>
          <Select selectedOption={cluster ? { value: cluster } : null} placeholder="Choose a cluster" options={clusters.map((c) => ({ value: c.clusterName }))} onChange={({ detail }) => setCluster(detail.selectedOption.value ?? "")} data-testid="service-cluster" />
        </FormField>
        <ColumnLayout columns={2}>
          <FormField label="Task definition family" errorText={show(0, "taskDefinition")}>
            <Select selectedOption={family ? { value: family } : null} placeholder="Choose a family" options={(families.data ?? []).map((f) => ({ value: f.family, description: `latest ${f.latestRevision}` }))} onChange={({ detail }) => { setFamily(detail.selectedOption.value ?? ""); setRevision(""); }} data-testid="service-family" />
          </FormField>
          <FormField label="Revision" description="The latest active revision is chosen for you.">
            <Select selectedOption={revision ? { value: revision, label: `${family}:${revision}` } : null} placeholder="Choose a revision" options={(revisions.data ?? []).filter((r) => r.status === "ACTIVE").map((r) => ({ value: String(r.revision), label: `${family}:${r.revision}` }))} onChange={({ detail }) => setRevision(detail.selectedOption.value ?? "")} />
          </FormField>
        </ColumnLayout>
        <FormField label="Service name" constraintText="Unique in the cluster; 1–255 letters, digits, hyphens and underscores." errorText={show(0, "serviceName")}>
          <Input value={name} onChange={({ detail }) => { setName(detail.value); setNameEdited(true); }} data-testid="service-name" />
        </FormField>
        <ColumnLayout columns={2}>
          <FormField label="Compute" description="A launch type, or the cluster's capacity providers with weights.">
            <Select
              selectedOption={{ value: launchType, label: launchType === "STRATEGY" ? "Capacity provider strategy" : launchType }}
              options={[
                ...["FARGATE", "EC2"].map((v) => ({ value: v, label: v, disabled: !((described?.taskDefinition.requiresCompatibilities as string[] | undefined) ?? ["EC2"]).includes(v) })),
                { value: "STRATEGY", label: "Capacity provider strategy", disabled: providers.length === 0, description: providers.length ? providers.join(", ") : "This cluster has no capacity providers" },
              ]}
              onChange={({ detail }) => {
                const value = detail.selectedOption.value ?? "FARGATE";
                setLaunchType(value);
                if (value === "STRATEGY" && strategy.length === 0) setStrategy([{ capacityProvider: providers[0] ?? "", weight: "1", base: "0" }]);
              }}
              data-testid="service-compute"
            />
          </FormField>
          <FormField label="Desired tasks" errorText={show(0, "desiredCount")}>
            <Input type="number" value={desired} onChange={({ detail }) => setDesired(detail.value)} data-testid="service-desired" />
          </FormField>
        </ColumnLayout>
        {launchType === "STRATEGY" && (
          <FormField label="Capacity provider strategy" errorText={show(0, "strategy")}>
            <AttributeEditor
              items={strategy}
              addButtonText="Add capacity provider"
              removeButtonText="Remove"
              empty="No capacity providers."
              onAddButtonClick={() => setStrategy((all) => [...all, { capacityProvider: providers.find((p) => !all.some((x) => x.capacityProvider === p)) ?? "", weight: "1", base: "0" }])}
              onRemoveButtonClick={({ detail }) => setStrategy((all) => all.filter((_, i) => i !== detail.itemIndex))}
              definition={[
                {
                  label: "Capacity provider",
                  control: (item, i) => (
                    <Select selectedOption={item.capacityProvider ? { value: item.capacityProvider } : null} options={providers.map((p) => ({ value: p }))} onChange={({ detail }) => setStrategy((all) => all.map((x, j) => (j === i ? { ...x, capacityProvider: detail.selectedOption.value ?? "" } : x)))} />
                  ),
                },
                { label: "Weight", control: (item, i) => <Input type="number" value={item.weight} onChange={({ detail }) => setStrategy((all) => all.map((x, j) => (j === i ? { ...x, weight: detail.value } : x)))} />, errorText: (item) => whole(item.weight, 0, 1000, "Weight") },
                { label: "Base", control: (item, i) => <Input type="number" value={item.base} onChange={({ detail }) => setStrategy((all) => all.map((x, j) => (j === i ? { ...x, base: detail.value } : x)))} />, errorText: (item) => whole(item.base, 0, 100000, "Base") },
              ]}
            />
          </FormField>
        )}
      </SpaceBetween>
    </Container>
  );

  const networking = (
    <NetworkStep
      choices={net}
      networkMode={described ? String(described.taskDefinition.networkMode ?? "") : undefined}
      subnetsDescription="A new load balancer uses these too; it needs two Availability Zones."
      subnetsError={show(1, "subnets")}
      groupsError={show(1, "securityGroups")}
    />
  );

  const containerPicker = (
    <ColumnLayout columns={3}>
      <FormField label="Container" errorText={show(2, "container")}>
        <Select selectedOption={container ? { value: container } : null} placeholder="Choose a container" options={containers.map((c) => ({ value: c.name }))} onChange={({ detail }) => { setContainer(detail.selectedOption.value ?? ""); setPort(""); }} />
      </FormField>
      <FormField label="Container port" errorText={show(2, "port")}>
        <Select selectedOption={port ? { value: port } : null} placeholder="Choose a port" options={ports.map((p) => ({ value: p }))} onChange={({ detail }) => setPort(detail.selectedOption.value ?? "")} empty="This container maps no ports." />
      </FormField>
      <FormField label="Health-check grace period (s)" description="How long ECS ignores failing health checks of a new task." errorText={show(2, "grace")}>
        <Input type="number" value={grace} onChange={({ detail }) => setGrace(detail.value)} />
      </FormField>
    </ColumnLayout>
  );

  const balancing = (
    <Container header={<Header variant="h2" description="Spread requests over the service's tasks; ECS registers each task as a target.">Load balancing</Header>}>
      <SpaceBetween size="m">
        <Tiles
          value={lbMode}
          onChange={({ detail }) => setLbMode(detail.value as LbMode)}
          items={[
            { value: "none", label: "No load balancer", description: "Tasks are reached directly, or not at all." },
            { value: "new", label: "New Application Load Balancer", description: "An ALB, an HTTP:80 listener and a target group (type ip)." },
            { value: "existing", label: "Existing target group", description: "Attach to a target group an ALB already forwards to." },
          ]}
        />
        {lbMode === "new" && (
          <SpaceBetween size="m">
            <ColumnLayout columns={2}>
              <FormField label="Load balancer name" errorText={show(2, "loadBalancerName")}>
                <Input value={lbName} onChange={({ detail }) => setLbName(detail.value)} data-testid="lb-name" />
              </FormField>
              <FormField label="Target group name" errorText={show(2, "targetGroupName")}>
                <Input value={tgName} onChange={({ detail }) => setTgName(detail.value)} data-testid="tg-name" />
              </FormField>
            </ColumnLayout>
            <ColumnLayout columns={2}>
              <Toggle checked={internetFacing} onChange={({ detail }) => setInternetFacing(detail.checked)} description="Off: internal, reachable only inside the VPC.">
                Internet-facing
              </Toggle>
              <FormField label="Health-check path" errorText={show(2, "healthCheckPath")}>
                <Input value={healthPath} onChange={({ detail }) => setHealthPath(detail.value)} />
              </FormField>
            </ColumnLayout>
            {(show(2, "lbSubnets") || show(2, "lbGroups")) && <Alert type="error">{show(2, "lbSubnets") ?? show(2, "lbGroups")}</Alert>}
            <Box variant="small">Subnets {chosenSubnets.join(", ") || "—"} and security groups {chosenGroups.join(", ") || "—"} from the Networking step.</Box>
            {containerPicker}
          </SpaceBetween>
        )}
        {lbMode === "existing" && (
          <SpaceBetween size="m">
            <ColumnLayout columns={2}>
              <FormField label="Load balancer">
                <Select selectedOption={balancer ? { value: balancer, label: balancers.find((b) => b.loadBalancerArn === balancer)?.loadBalancerName } : null} placeholder={balancers.length ? "Choose a load balancer" : "No Application Load Balancers in this region"} options={balancers.map((b) => ({ value: b.loadBalancerArn, label: b.loadBalancerName, description: `${b.scheme} · ${b.dnsName}` }))} onChange={({ detail }) => setBalancer(detail.selectedOption.value ?? "")} />
              </FormField>
              <FormField label="Target group" errorText={show(2, "targetGroup")}>
                <Select selectedOption={targetGroup ? { value: targetGroup, label: targetGroups.find((t) => t.targetGroupArn === targetGroup)?.targetGroupName } : null} placeholder="Choose a target group" options={targetGroups.map((t) => ({ value: t.targetGroupArn, label: t.targetGroupName, description: `${t.protocol}:${t.port} · type ${t.targetType}` }))} onChange={({ detail }) => setTargetGroup(detail.selectedOption.value ?? "")} />
              </FormField>
            </ColumnLayout>
            {containerPicker}
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Container>
  );

  const deploymentAndScaling = (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2" description="How a new revision replaces running tasks.">Deployment</Header>}>
        <SpaceBetween size="m">
          <ColumnLayout columns={2}>
            <FormField label="Minimum healthy percent" description="Of the desired count, kept running during a deployment." errorText={show(3, "minimumHealthyPercent")}>
              <Input type="number" value={minHealthy} onChange={({ detail }) => setMinHealthy(detail.value)} />
            </FormField>
            <FormField label="Maximum percent" description="Of the desired count, allowed to run during a deployment." errorText={show(3, "maximumPercent")}>
              <Input type="number" value={maxPercent} onChange={({ detail }) => setMaxPercent(detail.value)} />
            </FormField>
          </ColumnLayout>
          <Toggle checked={breaker} onChange={({ detail }) => { setBreaker(detail.checked); if (!detail.checked) setRollback(false); }} description="Stops a deployment whose tasks keep failing to start.">
            Deployment circuit breaker
          </Toggle>
          <FormField errorText={show(3, "rollback")}>
            <Toggle checked={rollback} onChange={({ detail }) => setRollback(detail.checked)} description="Returns to the last deployment that completed.">
              Roll back on failure
            </Toggle>
          </FormField>
        </SpaceBetween>
      </Container>
      <Container header={<Header variant="h2" description="Application Auto Scaling changes the desired count to hold a metric at its target.">Service auto scaling</Header>}>
        <SpaceBetween size="m">
          <Toggle checked={scalingOn} onChange={({ detail }) => setScalingOn(detail.checked)} data-testid="scaling-on">
            Scale the desired count with load
          </Toggle>
          {scalingOn && (
            <>
              <ColumnLayout columns={3}>
                <FormField label="Minimum tasks" errorText={show(3, "minTasks")}>
                  <Input type="number" value={minTasks} onChange={({ detail }) => setMinTasks(detail.value)} data-testid="scaling-min" />
                </FormField>
                <FormField label="Maximum tasks" errorText={show(3, "maxTasks")}>
                  <Input type="number" value={maxTasks} onChange={({ detail }) => setMaxTasks(detail.value)} data-testid="scaling-max" />
                </FormField>
                <FormField label="Cooldown (s)" description="Between scaling actions." errorText={show(3, "cooldown")}>
                  <Input type="number" value={cooldown} onChange={({ detail }) => setCooldown(detail.value)} />
                </FormField>
              </ColumnLayout>
              <ColumnLayout columns={2}>
                <FormField label="Metric" errorText={show(3, "metric") ?? show(2, "metric")}>
                  <Select
                    selectedOption={METRICS.find((m) => m.value === metric) ?? null}
                    options={METRICS.map((m) => ({ ...m, disabled: m.value === "AlbRequests" && lbMode === "none" }))}
                    onChange={({ detail }) => {
                      const m = METRICS.find((x) => x.value === detail.selectedOption.value);
                      if (m) {
                        setMetric(m.value);
                        setTarget(m.target);
                      }
                    }}
                  />
                </FormField>
                <FormField label="Target value" errorText={show(3, "target")}>
                  <Input type="number" value={target} onChange={({ detail }) => setTarget(detail.value)} data-testid="scaling-target" />
                </FormField>
              </ColumnLayout>
            </>
          )}
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );

  const stepState = (i: number): { type: "success" | "error" | "pending" | "in-progress"; text: string } => {
    if (!plan) return { type: "pending", text: "Not started" };
    const kind = plan[i].kind;
    if (outcome?.done.includes(kind)) return { type: "success", text: "Done" };
    if (outcome?.failed?.index === i) return { type: "error", text: `Failed: ${outcome.failed.code}` };
    if (running && (outcome?.failed ? i === outcome.failed.index : !outcome)) return { type: "in-progress", text: "Running" };
    return { type: "pending", text: "Not started" };
  };

  const review = (
    <SpaceBetween size="l">
      {planError && (
        <ErrorAlert
          error={planError}
          header={planError.field ? `Fix ${planError.field} before creating` : "Berth could not plan this service"}
          action={planError.field ? <Button onClick={() => { setStep(stepOf(planError.field ?? "")); setPlanError(null); }}>Go to the field</Button> : undefined}
        />
      )}
      {outcome?.failed && (
        <Alert
          type="error"
          header={`Step ${outcome.failed.index + 1} failed: ${outcome.failed.code}`}
          data-testid="create-failed"
          action={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => void run(outcome.created)} loading={running}>Retry from step {outcome.failed.index + 1}</Button>
              <Button onClick={() => void rollBack()} loading={running} data-testid="roll-back">Roll back what was created</Button>
            </SpaceBetween>
          }
        >
          {outcome.failed.message} Created so far: {outcome.done.length ? outcome.done.map((k) => plan?.find((p) => p.kind === k)?.title ?? k).join("; ") : "nothing"}.
        </Alert>
      )}
      {undone && (
        <Alert type={undone.every((u) => u.ok) ? "success" : "warning"} header={undone.every((u) => u.ok) ? "Rolled back: nothing is left over" : "Some resources could not be removed"}>
          <ul>
            {undone.map((u) => (
              <li key={u.what}>{u.ok ? "Removed" : "Still there"}: {u.what}{u.message ? ` (${u.message})` : ""}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Container header={<Header variant="h2" description="Berth makes these calls in this order; if one fails it stops and tells you what exists.">AWS calls</Header>} data-testid="service-plan">
        {!plan && !planError && <StatusIndicator type="loading">Checking the service against AWS</StatusIndicator>}
        {plan && (
          <SpaceBetween size="m">
            {plan.map((s, i) => {
              const state = stepState(i);
              return (
                <SpaceBetween key={s.kind} size="xxs">
                  <SpaceBetween direction="horizontal" size="xs" alignItems="center">
                    <Box variant="strong">{i + 1}. {s.title}</Box>
                    <StatusIndicator type={state.type}>{state.text}</StatusIndicator>
                  </SpaceBetween>
                  <SpaceBetween direction="horizontal" size="xs" alignItems="start">
                    <CopyToClipboard variant="icon" textToCopy={s.cli} copySuccessText="Copied" copyErrorText="Could not copy" />
                    <Box variant="code" fontSize="body-s">
                      <span className="cli-command">{s.cli}</span>
                    </Box>
                  </SpaceBetween>
                </SpaceBetween>
              );
            })}
          </SpaceBetween>
        )}
      </Container>
    </SpaceBetween>
  );

  return (
    <Wizard
      i18nStrings={I18N}
      activeStepIndex={step}
      isLoadingNextStep={running}
      onCancel={() => navigate(cluster ? to("clusterServices", { cluster }) : to("services"))}
      onSubmit={() => {
        if (outcome?.failed) return void run(outcome.created);
        if (!plan || planError) return;
        void run(NOTHING);
      }}
      onNavigate={({ detail }) => {
        const next = detail.requestedStepIndex;
        if (next > step) {
          for (let i = 0; i < next; i++) {
            if (!stepValid(i)) {
              setTouched((t) => new Set([...t, ...Array.from({ length: i + 1 }, (_, k) => k)]));
              setStep(i);
              return;
            }
          }
        }
        setTouched((t) => new Set([...t, step]));
        setStep(next);
      }}
      steps={[
        { title: "Service", description: "Cluster, revision, name and count.", content: what, errorText: touched.has(0) && !stepValid(0) ? "Fix the fields marked below." : undefined },
        { title: "Networking", content: networking, errorText: touched.has(1) && !stepValid(1) ? "Fix the fields marked below." : undefined },
        { title: "Load balancing", content: balancing, errorText: touched.has(2) && !stepValid(2) ? "Fix the fields marked below." : undefined },
        { title: "Deployment and scaling", content: deploymentAndScaling, errorText: touched.has(3) && !stepValid(3) ? "Fix the fields marked below." : undefined },
        { title: "Review and create", content: review },
      ]}
    />
  );
}

/** The wizard step that holds a field berth-core named. */
export function stepOf(field: string): number {
  return FIELD_STEP.find(([re]) => re.test(field))?.[1] ?? 4;
}
