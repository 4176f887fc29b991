// Run tasks: what to run and where, networking for awsvpc, overrides and tags, then a
// review with the AWS CLI command. One client token per wizard, so pressing Run again
// after a lost answer never starts the tasks twice.
import { useEffect, useMemo, useState } from "react";
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Box from "@cloudscape-design/components/box";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Wizard from "@cloudscape-design/components/wizard";
import { api, toApiError, type ApiError, type DescribedTaskDefinition, type NewTasks, type Tag } from "../api";
import { useClusters } from "../clusters/useClusters";
import { runTaskCommand } from "../lib/cli";
import { hasTagErrors, tagErrors } from "../lib/validation";
import { useEnvironment } from "../shell/environment";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { navigate } from "../shell/router";
import { useResource } from "../shell/useResource";
import { splitList } from "../task-definitions/model";
import { NetworkStep, useNetworkChoices } from "../shell/network";
import { wizardStrings } from "../shell/wizard";

const I18N = wizardStrings("Run task");

type Override = { name: string; command: string; environment: Tag[] };

export function RunTaskWizard({ cluster: initialCluster, taskDefinition: initialTd }: { cluster?: string; taskDefinition?: string }) {
  const { active } = useEnvironment();
  const { notify } = useNotifications();
  const { clusters, loading: clustersLoading } = useClusters();
  const families = useResource(api.listTaskDefinitionFamilies, []);
  const [clientToken] = useState(() => crypto.randomUUID());
  const [step, setStep] = useState(0);
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
  const { chosenSubnets, chosenGroups, publicIp } = net;
  const [overrides, setOverrides] = useState<Override[]>([]);
  const [tags, setTags] = useState<Tag[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [touched, setTouched] = useState(false);
  // A Next pressed while the clusters or the chosen revision are still being read waits
  // for them: judged on what was there at the click, it was refused ("Pick a cluster")
  // just before the cluster list arrived, and the click looked lost.
  const [pendingStep, setPendingStep] = useState<number | null>(null);

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
  const n = Number(count);
  const countError = !Number.isInteger(n) || n < 1 || n > 100 ? "A whole number from 1 to 100." : undefined;
  const input: NewTasks = useMemo(
    () => ({
      cluster,
      taskDefinition,
      launchType,
      count: Number.isInteger(n) ? n : 1,
      network: awsvpc ? { subnets: chosenSubnets, securityGroups: chosenGroups, assignPublicIp: publicIp } : null,
      overrides: overrides
        .filter((o) => o.command.trim() || o.environment.length)
        .map((o) => ({ name: o.name, command: splitList(o.command) ?? null, environment: o.environment })),
      tags,
      clientToken,
    }),
    [cluster, taskDefinition, launchType, n, awsvpc, chosenSubnets, chosenGroups, publicIp, overrides, tags, clientToken],
  );
  const envErrors = overrides.flatMap((o, i) => o.environment.map((e, j) => (e.key.trim() ? null : `overrides[${i}].environment[${j}]`))).filter(Boolean);
  const tagProblems = tagErrors(tags);
  const stepValid = [Boolean(cluster && taskDefinition && !countError), !awsvpc || chosenSubnets.length > 0, envErrors.length === 0 && !hasTagErrors(tagProblems), true];
  const calls = Math.ceil((input.count || 1) / 10);
  const loadingChoices = clustersLoading || (taskDefinition !== "" && describedFor !== taskDefinition);
  const go = (requested: number) => {
    if (requested > step && !stepValid.slice(0, requested).every(Boolean)) {
      setTouched(true);
      return;
    }
    setStep(requested);
  };
  useEffect(() => {
    if (pendingStep === null || loadingChoices) return;
    setPendingStep(null);
    go(pendingStep);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `go` reads this render's state, which is the point
  }, [pendingStep, loadingChoices]);

  const submit = async () => {
    setSubmitting(true);
    setFailure(null);
    try {
      const outcome = await api.runTasks(input);
      if (outcome.failures.length) {
        notify({ type: "warning", header: `${outcome.tasks.length} started, ${outcome.failures.length} failed`, content: outcome.failures.map((f) => `${f.reason ?? ""} ${f.detail ?? ""}`).join("; ") });
      } else {
        notify({ type: "success", header: `Started ${outcome.tasks.length} task${outcome.tasks.length === 1 ? "" : "s"} of ${taskDefinition}`, content: `${outcome.calls} RunTask call${outcome.calls === 1 ? "" : "s"} on ${cluster}.` });
      }
      navigate(`/tasks/${encodeURIComponent(cluster)}`);
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setSubmitting(false);
    }
  };

  const first = (
    <Container header={<Header variant="h2">What to run</Header>}>
      <SpaceBetween size="m">
        <FormField label="Cluster" errorText={touched && !cluster ? "Pick a cluster." : undefined}>
          <Select selectedOption={cluster ? { value: cluster } : null} placeholder="Choose a cluster" options={clusters.map((c) => ({ value: c.clusterName }))} onChange={({ detail }) => setCluster(detail.selectedOption.value ?? "")} data-testid="run-cluster" />
        </FormField>
        <ColumnLayout columns={2}>
          <FormField label="Task definition family" errorText={touched && !family ? "Pick a task definition." : undefined}>
            <Select selectedOption={family ? { value: family } : null} placeholder="Choose a family" options={(families.data ?? []).map((f) => ({ value: f.family, description: `latest ${f.latestRevision}` }))} onChange={({ detail }) => { setFamily(detail.selectedOption.value ?? ""); setRevision(""); }} data-testid="run-family" />
          </FormField>
          <FormField label="Revision">
            <Select selectedOption={revision ? { value: revision, label: `${family}:${revision}` } : null} placeholder="Choose a revision" options={(revisions.data ?? []).filter((r) => r.status === "ACTIVE").map((r) => ({ value: String(r.revision), label: `${family}:${r.revision}` }))} onChange={({ detail }) => setRevision(detail.selectedOption.value ?? "")} />
          </FormField>
        </ColumnLayout>
        <ColumnLayout columns={2}>
          <FormField label="Launch type">
            <Select
              selectedOption={{ value: launchType }}
              options={["FARGATE", "EC2"].map((v) => ({ value: v, disabled: !((described?.taskDefinition.requiresCompatibilities as string[] | undefined) ?? ["EC2"]).includes(v) }))}
              onChange={({ detail }) => setLaunchType(detail.selectedOption.value ?? "FARGATE")}
            />
          </FormField>
          <FormField label="Number of tasks" constraintText={`1–100; RunTask starts at most 10 a call, so this is ${calls} call${calls === 1 ? "" : "s"}.`} errorText={countError}>
            <Input type="number" value={count} onChange={({ detail }) => setCount(detail.value)} data-testid="run-count" />
          </FormField>
        </ColumnLayout>
      </SpaceBetween>
    </Container>
  );

  const network = (
    <NetworkStep
      choices={net}
      networkMode={described ? String(described.taskDefinition.networkMode ?? "") : undefined}
      subnetsError={chosenSubnets.length === 0 ? "Pick at least one subnet." : undefined}
      groupsDescription="Without one, the VPC's default group applies."
    />
  );

  const extras = (
    <SpaceBetween size="l">
      {overrides.map((o, i) => (
        <Container key={o.name} header={<Header variant="h3" description="Leave empty to use the task definition's values.">Overrides for {o.name}</Header>}>
          <SpaceBetween size="s">
            <FormField label="Command" constraintText="comma-separated, replaces the image's command">
              <Input value={o.command} onChange={({ detail }) => setOverrides((all) => all.map((x, j) => (j === i ? { ...x, command: detail.value } : x)))} />
            </FormField>
            <AttributeEditor<Tag>
              items={o.environment}
              addButtonText="Add environment variable"
              removeButtonText="Remove"
              empty="No extra environment variables."
              onAddButtonClick={() => setOverrides((all) => all.map((x, j) => (j === i ? { ...x, environment: [...x.environment, { key: "", value: "" }] } : x)))}
              onRemoveButtonClick={({ detail }) => setOverrides((all) => all.map((x, j) => (j === i ? { ...x, environment: x.environment.filter((_, k) => k !== detail.itemIndex) } : x)))}
              definition={[
                { label: "Name", control: (e, k) => <Input value={e.key} onChange={({ detail }) => setOverrides((all) => all.map((x, j) => (j === i ? { ...x, environment: x.environment.map((y, m) => (m === k ? { ...y, key: detail.value } : y)) } : x)))} />, errorText: (e) => (e.key.trim() ? undefined : "A variable needs a name.") },
                { label: "Value", control: (e, k) => <Input value={e.value} onChange={({ detail }) => setOverrides((all) => all.map((x, j) => (j === i ? { ...x, environment: x.environment.map((y, m) => (m === k ? { ...y, value: detail.value } : y)) } : x)))} /> },
              ]}
            />
          </SpaceBetween>
        </Container>
      ))}
      <Container header={<Header variant="h3">Tags</Header>}>
        <AttributeEditor<Tag>
          items={tags}
          addButtonText="Add tag"
          removeButtonText="Remove"
          empty="No tags."
          onAddButtonClick={() => setTags((t) => [...t, { key: "", value: "" }])}
          onRemoveButtonClick={({ detail }) => setTags((t) => t.filter((_, i) => i !== detail.itemIndex))}
          definition={[
            { label: "Key", control: (t, i) => <Input value={t.key} onChange={({ detail }) => setTags((all) => all.map((x, j) => (j === i ? { ...x, key: detail.value } : x)))} />, errorText: (_, i) => tagProblems[i]?.key },
            { label: "Value", control: (t, i) => <Input value={t.value} onChange={({ detail }) => setTags((all) => all.map((x, j) => (j === i ? { ...x, value: detail.value } : x)))} />, errorText: (_, i) => tagProblems[i]?.value },
          ]}
        />
      </Container>
    </SpaceBetween>
  );

  const command = runTaskCommand(input, active);
  const review = (
    <SpaceBetween size="l">
      {failure && <ErrorAlert error={failure} header="ECS refused to run the task" />}
      <Container header={<Header variant="h2">Summary</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: "Cluster", value: cluster },
            { label: "Task definition", value: taskDefinition },
            { label: "Launch type", value: launchType },
            { label: "Tasks", value: `${input.count} in ${calls} RunTask call${calls === 1 ? "" : "s"}` },
            { label: "Subnets", value: input.network?.subnets.join(", ") || "—" },
            { label: "Public IP", value: input.network ? (publicIp ? "yes" : "no") : "—" },
            { label: "Client token", value: clientToken },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2" description={calls > 1 ? `The first of ${calls} calls; each carries its own token.` : undefined} actions={<CopyToClipboard variant="button" textToCopy={command} copyButtonText="Copy command" copySuccessText="Copied" copyErrorText="Could not copy" />}>Equivalent AWS CLI command</Header>}>
        <Box variant="code" data-testid="cli-command"><span style={{ wordBreak: "break-all" }}>{command}</span></Box>
      </Container>
    </SpaceBetween>
  );

  return (
    <Wizard
      i18nStrings={I18N}
      activeStepIndex={step}
      isLoadingNextStep={submitting || pendingStep !== null}
      onCancel={() => navigate(cluster ? `/tasks/${encodeURIComponent(cluster)}` : "/tasks")}
      onSubmit={() => void submit()}
      onNavigate={({ detail }) => {
        if (detail.requestedStepIndex > step && loadingChoices) setPendingStep(detail.requestedStepIndex);
        else go(detail.requestedStepIndex);
      }}
      steps={[
        { title: "Task", content: first },
        { title: "Networking", content: network },
        { title: "Overrides and tags", content: extras, isOptional: true },
        { title: "Review and run", content: review },
      ]}
    />
  );
}
