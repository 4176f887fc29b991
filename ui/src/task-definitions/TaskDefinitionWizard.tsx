// Create a task definition, or a new revision of one: the task, its containers, then a
// review with the full JSON and the equivalent AWS CLI command. A JSON mode edits the
// same document; every value is checked by berth-core's rules as it is typed; unfinished
// work is kept as a draft.
import { useEffect, useMemo, useRef, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tiles from "@cloudscape-design/components/tiles";
import Wizard from "@cloudscape-design/components/wizard";
import { api, toApiError, type ApiError, type FieldError, type TaskDefinitionJson, type TaskDefinitionRules } from "../api";
import { useEnvironment } from "../shell/environment";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { navigate } from "../shell/router";
import { ContainerEditor } from "./ContainerEditor";
import { discardDraft, loadDraft, saveDraft } from "./drafts";
import { JsonEditor } from "./JsonEditor";
import { emptyDefinition, errorMap, forRegister, newContainer, registerCommand, renameFamily, type Container as Def } from "./model";
import { wizardStrings } from "../shell/wizard/strings";
import { to } from "../paths";

const I18N = wizardStrings("Register");

const COMPATIBILITY = [
  { value: "FARGATE", label: "AWS Fargate", description: "Serverless: no instances to manage. Needs awsvpc and a task size." },
  { value: "EC2", label: "Amazon EC2", description: "Your container instances. Each container needs memory." },
  { value: "FARGATE,EC2", label: "Both", description: "Runs on either; Fargate's rules apply." },
];

function imageRefs(): Promise<{ value: string; description?: string }[]> {
  return api.listRepositories().then((repos) =>
    Promise.all(
      repos.map((r) =>
        api.listImages(r.repositoryName).then((images) =>
          images.flatMap((i) =>
            i.imageTags.length ? i.imageTags.map((t) => ({ value: `${r.repositoryUri}:${t}`, description: `${r.repositoryName} · ${i.imageDigest.slice(0, 19)}` })) : [{ value: `${r.repositoryUri}@${i.imageDigest}`, description: `${r.repositoryName} · untagged` }],
          ),
        ),
      ),
    ).then((lists) => lists.flat()),
  );
}

export function TaskDefinitionWizard({ from }: { from?: string }) {
  const { active } = useEnvironment();
  const { notify } = useNotifications();
  const region = active?.region ?? "us-east-1";
  const base = from ? from.split(":")[0] : "";
  const [doc, setDoc] = useState<TaskDefinitionJson | null>(null);
  const [restored, setRestored] = useState<number | null>(null);
  const [mode, setMode] = useState<"form" | "json">("form");
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FieldError[]>([]);
  // Advice from berth-core that never blocks: values that look like secrets.
  const [warnings, setWarnings] = useState<FieldError[]>([]);
  // The document `errors` were computed for: until it is the current one, a step change
  // waits for the check instead of judging the last keystroke by stale errors.
  const [checked, setChecked] = useState<TaskDefinitionJson | null>(null);
  const [pendingStep, setPendingStep] = useState<number | null>(null);
  const [rules, setRules] = useState<TaskDefinitionRules | null>(null);
  const [images, setImages] = useState<{ value: string; description?: string }[]>([]);
  const [createGroups, setCreateGroups] = useState(true);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // Start from the draft if there is one, else from the revision named, else empty.
  useEffect(() => {
    if (!active) return;
    let current = true;
    void loadDraft(base).then((draft) => {
      if (!current) return;
      if (draft) {
        setDoc(draft.doc);
        setRestored(draft.savedAt);
      } else if (from) {
        api.describeTaskDefinition(from).then((d) => current && setDoc(d.registerInput), (e) => current && setLoadError(toApiError(e)));
      } else setDoc(emptyDefinition(region));
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active?.id, from]);

  useEffect(() => {
    api.taskDefinitionRules().then(setRules, () => setRules(null));
    imageRefs().then(setImages, () => setImages([]));
  }, [active?.id, active?.region]);

  // Check with berth-core's rules as the user types, and keep the draft.
  useEffect(() => {
    if (!doc) return;
    const handle = setTimeout(() => {
      void saveDraft(base, doc);
      api.taskDefinitionWarnings(forRegister(doc)).then(setWarnings, () => setWarnings([]));
      api.validateTaskDefinition(forRegister(doc)).then(
        (found) => {
          setErrors(found);
          setChecked(doc);
        },
        () => setChecked(doc),
      );
    }, 120);
    return () => clearTimeout(handle);
  }, [doc, base]);

  const checking = checked !== doc;
  useEffect(() => {
    if (pendingStep === null || checking) return;
    setPendingStep(null);
    const blocking = errors.filter((e) => (pendingStep <= 1 ? !e.field.startsWith("containerDefinitions") : true));
    if (blocking.length) setShowErrors(true);
    else setStep(pendingStep);
  }, [pendingStep, checking, errors]);

  const errs = useMemo(() => errorMap(errors), [errors]);
  if (loadError) return <ErrorAlert error={loadError} header={`Could not load ${from}`} />;
  if (!doc) return <Box>Loading…</Box>;

  const set = (field: string, value: unknown) =>
    setDoc((prev) => {
      const next = { ...prev };
      if (value === undefined || value === "") delete next[field];
      else next[field] = value;
      return next;
    });
  const containers = (doc.containerDefinitions as Def[] | undefined) ?? [];
  const compat = ((doc.requiresCompatibilities as string[] | undefined) ?? []).join(",") || "EC2";
  const fargate = compat.includes("FARGATE");
  const cpu = String(doc.cpu ?? "");
  const memory = String(doc.memory ?? "");
  const sizes = rules?.fargateSizes ?? [];
  const memoryChoices = sizes.find((s) => String(s.cpu) === cpu)?.memory ?? [];
  const stepErrors = [errors.filter((e) => !e.field.startsWith("containerDefinitions")), errors.filter((e) => e.field.startsWith("containerDefinitions")), errors];
  const show = (field: string) => (showErrors || field in doc ? errs.get(field) : undefined);

  const importFile = async (file: File) => {
    const text = await file.text();
    try {
      const parsed = JSON.parse(text) as TaskDefinitionJson;
      // `aws ecs describe-task-definition` output nests the document; accept that too.
      const inner = (parsed.taskDefinition as TaskDefinitionJson | undefined) ?? parsed;
      setDoc(inner);
      setShowErrors(true);
      notify({ type: "info", content: `Imported ${file.name}. Check the fields marked in red before registering.` });
    } catch (e) {
      notify({ type: "error", header: `${file.name} is not JSON`, content: e instanceof Error ? e.message : String(e) });
    }
  };

  const submit = async () => {
    setShowErrors(true);
    if (errors.length) {
      setStep(stepErrors[0].length ? 0 : 1);
      return;
    }
    setSubmitting(true);
    setFailure(null);
    try {
      const registered = await api.registerTaskDefinition(forRegister(doc), createGroups);
      void discardDraft(base);
      const td = registered.taskDefinition;
      notify({ type: "success", header: `Registered ${td.family}:${td.revision}`, content: String(td.taskDefinitionArn) });
      navigate(to("family", { family: String(td.family) }));
    } catch (e) {
      const error = toApiError(e);
      setFailure(error);
    } finally {
      setSubmitting(false);
    }
  };

  const basics = (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Task definition</Header>}>
        <SpaceBetween size="m">
          <FormField label="Family" description={from ? "A new revision of this family." : "Revisions of one family share its name."} errorText={show("family")} constraintText={rules?.nameRule}>
            <Input value={String(doc.family ?? "")} disabled={Boolean(from)} onChange={({ detail }) => setDoc((prev) => prev && renameFamily(prev, detail.value))} data-testid="family" />
          </FormField>
          <FormField label="Launch type compatibility" errorText={show("requiresCompatibilities")}>
            <Tiles value={compat} items={COMPATIBILITY} onChange={({ detail }) => setDoc((p) => ({ ...p, requiresCompatibilities: detail.value.split(","), ...(detail.value.includes("FARGATE") ? { networkMode: "awsvpc" } : {}) }))} />
          </FormField>
          <FormField label="Network mode" errorText={show("networkMode")} description="awsvpc gives each task its own network interface and IP.">
            <Select
              selectedOption={{ value: String(doc.networkMode ?? "bridge") }}
              options={["awsvpc", "bridge", "host", "none"].map((v) => ({ value: v, disabled: fargate && v !== "awsvpc" }))}
              onChange={({ detail }) => set("networkMode", detail.selectedOption.value)}
              data-testid="network-mode"
            />
          </FormField>
          <ColumnLayout columns={2}>
            <FormField label="Task CPU" errorText={show("cpu")} description={fargate ? "Fargate sizes only." : "Optional on EC2."}>
              {fargate ? (
                <Select
                  selectedOption={{ value: cpu, label: cpu ? `${cpu} (${Number(cpu) / 1024} vCPU)` : "Choose" }}
                  options={sizes.map((s) => ({ value: String(s.cpu), label: `${s.cpu} (${s.cpu / 1024} vCPU)` }))}
                  onChange={({ detail }) => {
                    const c = detail.selectedOption.value ?? "";
                    const allowed = sizes.find((s) => String(s.cpu) === c)?.memory ?? [];
                    // Keep the memory if it still fits; else the smallest that does.
                    setDoc((p) => ({ ...p, cpu: c, memory: allowed.map(String).includes(memory) ? memory : String(allowed[0] ?? "") }));
                  }}
                  data-testid="task-cpu"
                />
              ) : (
                <Input value={cpu} onChange={({ detail }) => set("cpu", detail.value)} placeholder="e.g. 512" />
              )}
            </FormField>
            <FormField label="Task memory (MiB)" errorText={show("memory")} description={fargate && cpu ? `With ${cpu} CPU: ${memoryChoices.join(", ")}` : undefined}>
              {fargate ? (
                <Select
                  selectedOption={{ value: memory, label: memory ? `${memory} MiB` : "Choose" }}
                  options={memoryChoices.map((m) => ({ value: String(m), label: `${m} MiB (${m / 1024} GB)` }))}
                  onChange={({ detail }) => set("memory", detail.selectedOption.value)}
                  data-testid="task-memory"
                />
              ) : (
                <Input value={memory} onChange={({ detail }) => set("memory", detail.value)} placeholder="e.g. 1024" />
              )}
            </FormField>
          </ColumnLayout>
          <ColumnLayout columns={2}>
            <FormField label="Task role" constraintText="optional" description="What the application's own AWS calls may do." errorText={show("taskRoleArn")}>
              <Input value={String(doc.taskRoleArn ?? "")} onChange={({ detail }) => set("taskRoleArn", detail.value)} placeholder="arn:aws:iam::123456789012:role/app" />
            </FormField>
            <FormField label="Task execution role" description="Lets ECS pull from ECR and write logs; Fargate needs it for both." errorText={errs.get("executionRoleArn")}>
              <Input value={String(doc.executionRoleArn ?? "")} onChange={({ detail }) => set("executionRoleArn", detail.value)} placeholder="arn:aws:iam::123456789012:role/ecsTaskExecutionRole" data-testid="execution-role" />
            </FormField>
          </ColumnLayout>
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );

  const names = containers.map((c) => String(c.name ?? ""));
  const containerStep = (
    <SpaceBetween size="l">
      {errs.get("containerDefinitions") && <Alert type="error">{errs.get("containerDefinitions")}</Alert>}
      {containers.map((c, i) => (
        <ContainerEditor
          key={i}
          container={c}
          index={i}
          errors={errs}
          otherNames={names.filter((_, j) => j !== i && names[j])}
          imageOptions={images}
          region={region}
          canRemove={containers.length > 1}
          onChange={(next) => setDoc((p) => ({ ...p, containerDefinitions: containers.map((x, j) => (j === i ? next : x)) }))}
          onRemove={() => setDoc((p) => ({ ...p, containerDefinitions: containers.filter((_, j) => j !== i) }))}
        />
      ))}
      <Button iconName="add-plus" disabled={containers.length >= 10} onClick={() => setDoc((p) => ({ ...p, containerDefinitions: [...containers, newContainer(`sidecar${containers.length}`, String(doc.family ?? ""), region)] }))}>
        Add container
      </Button>
    </SpaceBetween>
  );

  const command = registerCommand(doc, active);
  const review = (
    <SpaceBetween size="l">
      {errors.length > 0 && (
        <Alert type="error" header={`${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before registering`} data-testid="review-errors">
          <ul>
            {errors.map((e) => (
              <li key={e.field + e.rule}>
                <Box variant="code">{e.field}</Box>: {e.rule}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {failure && <ErrorAlert error={failure} header="ECS refused to register the task definition" />}
      <Container header={<Header variant="h2">Log groups</Header>}>
        <Checkbox checked={createGroups} onChange={({ detail }) => setCreateGroups(detail.checked)} description="CreateLogGroup for each awslogs group that does not exist yet, before registering.">
          Create missing log groups now
        </Checkbox>
      </Container>
      <Container header={<Header variant="h2" actions={<CopyToClipboard variant="button" textToCopy={command} copyButtonText="Copy command" copySuccessText="Copied" copyErrorText="Could not copy" />}>Equivalent AWS CLI command</Header>}>
        <Box variant="code" data-testid="cli-command">
          <span style={{ wordBreak: "break-all" }}>{command}</span>
        </Box>
      </Container>
      <Container header={<Header variant="h2">Task definition JSON</Header>}>
        <pre className="json-view" data-testid="review-json">
          {JSON.stringify(forRegister(doc), null, 2)}
        </pre>
      </Container>
    </SpaceBetween>
  );

  return (
    <SpaceBetween size="m">
      <Header
        variant="h1"
        description="Describe the app once; each registration is a new, immutable revision."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <SegmentedControl
              selectedId={mode}
              onChange={({ detail }) => setMode(detail.selectedId as "form" | "json")}
              options={[
                { id: "form", text: "Form" },
                { id: "json", text: "JSON" },
              ]}
              label="Editor"
            />
            <Button iconName="upload" onClick={() => fileInput.current?.click()}>
              Import JSON
            </Button>
            <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="import-file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ""; }} />
          </SpaceBetween>
        }
      >
        {from ? `New revision of ${base}` : "Create task definition"}
      </Header>
      {restored && (
        <Alert
          type="info"
          header="Your unfinished draft was restored"
          data-testid="draft-restored"
          action={
            <Button
              onClick={() => {
                void discardDraft(base);
                setRestored(null);
                if (from) api.describeTaskDefinition(from).then((d) => setDoc(d.registerInput), (e) => setLoadError(toApiError(e)));
                else setDoc(emptyDefinition(region));
              }}
            >
              Discard draft
            </Button>
          }
        >
          Saved {new Date(restored).toLocaleString()}.
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert type="warning" header="Values that look like secrets" data-testid="secret-warnings">
          <SpaceBetween size="xxs">
            {warnings.map((w) => (
              <Box key={w.field}>{w.rule}</Box>
            ))}
          </SpaceBetween>
        </Alert>
      )}
      {mode === "json" ? (
        <JsonEditor doc={doc} errors={errors} onChange={setDoc} />
      ) : (
        <Wizard
          i18nStrings={I18N}
          activeStepIndex={step}
          isLoadingNextStep={submitting || pendingStep !== null}
          onCancel={() => navigate(from ? to("family", { family: base }) : to("taskDefinitions"))}
          onSubmit={() => void submit()}
          onNavigate={({ detail }) => {
            if (detail.requestedStepIndex > step && checking) {
              setPendingStep(detail.requestedStepIndex);
              return;
            }
            if (detail.requestedStepIndex > step && stepErrors.slice(0, detail.requestedStepIndex).some((e) => e.length > 0)) {
              setShowErrors(true);
              return;
            }
            setStep(detail.requestedStepIndex);
          }}
          steps={[
            { title: "Task", description: "Launch type, network mode, size and roles.", content: basics, errorText: showErrors && stepErrors[0].length ? "Fix the fields marked below." : undefined },
            { title: "Containers", description: "Images, ports, environment, health and logs.", content: containerStep, errorText: showErrors && stepErrors[1].length ? "Fix the fields marked below." : undefined },
            { title: "Review and register", content: review },
          ]}
        />
      )}
      {mode === "json" && (
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button onClick={() => { setMode("form"); setStep(2); }}>Review</Button>
            <Button variant="primary" loading={submitting} disabled={errors.length > 0} onClick={() => void submit()}>
              Register
            </Button>
          </SpaceBetween>
        </Box>
      )}
    </SpaceBetween>
  );
}
