// Sandbox-only controls: the load each service is under (which drives its CPU, metrics,
// access logs and auto scaling), what the Lambda deployment hooks answer (the sandbox
// runs no Lambda), and "push sample image" for the walkthrough's ECR step.
// Shown only when Berth runs its own sandbox.
import { useCallback, useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { api, toApiError, type ApiError, type SimulatedHook, type SimulatedService, type Simulation } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { useFieldErrors } from "../shell/useFieldErrors";

export function SimulationPanel({ region }: { region: string }) {
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<Record<string, string>>({});
  const { notify } = useNotifications();

  const load = useCallback(
    () =>
      api.describeSimulation(region).then(
        (s) => {
          setSimulation(s);
          setError(null);
        },
        (e) => setError(toApiError(e)),
      ),
    [region],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const key = (s: SimulatedService) => `${s.cluster}/${s.service}`;
  const apply = async (s: SimulatedService) => {
    const text = editing[key(s)] ?? String(s.requestsPerSecond);
    try {
      await api.setServiceTraffic(region, s.cluster, s.service, Number(text));
      notify({ type: "success", header: `Traffic for ${s.service} set to ${Number(text)} requests/s` });
      // Show the sandbox's own value once it has answered, not the text typed.
      await load();
      setEditing(({ [key(s)]: _, ...rest }) => rest);
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const answer = async (h: SimulatedHook, outcome: string) => {
    try {
      await api.setHookOutcome(region, h.hookTargetArn, outcome);
      notify({ type: "success", header: `${h.hookTargetArn.split(":function:")[1] ?? h.hookTargetArn} now answers ${OUTCOMES.find((o) => o.value === outcome)?.label ?? outcome}` });
      await load();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  return (
    <SpaceBetween size="l">
      <Table
        data-testid="simulation-table"
        header={
          <Header
            variant="h2"
            counter={simulation ? `(${simulation.services.length})` : undefined}
            description={`Load per service in ${region}. Traffic is shared by the running tasks: more tasks, less CPU each. The sandbox runs at ${simulation?.speed ?? 1}× real time.`}
            actions={<Button iconName="refresh" ariaLabel="Refresh traffic" onClick={() => void load()} />}
          >
            Sandbox traffic
          </Header>
        }
        items={simulation?.services ?? []}
        loading={!simulation && !error}
        loadingText="Reading the sandbox"
        trackBy={key}
        empty={<Box textAlign="center">No services yet. Create a service and its traffic can be set here.</Box>}
        columnDefinitions={[
          { id: "service", header: "Service", cell: (s) => s.service },
          { id: "cluster", header: "Cluster", cell: (s) => s.cluster },
          { id: "tasks", header: "Running / desired", cell: (s) => `${s.runningCount} / ${s.desiredCount}` },
          {
            id: "traffic",
            header: "Requests per second",
            cell: (s) => (
              <TrafficCell
                service={s.service}
                text={editing[key(s)] ?? String(s.requestsPerSecond)}
                onChange={(value) => setEditing((m) => ({ ...m, [key(s)]: value }))}
                onApply={() => void apply(s)}
              />
            ),
          },
        ]}
      />
      {error && <ErrorAlert error={error} header="The sandbox refused" />}
      <Table
        data-testid="hook-table"
        header={
          <Header variant="h2" counter={simulation ? `(${simulation.hooks.length})` : undefined} description="The sandbox runs no Lambda: it answers for the functions services name as deployment lifecycle hooks. In progress keeps the deployment waiting; ECS asks again 30 seconds later, until the hook's timeout.">
            Lambda hooks
          </Header>
        }
        items={simulation?.hooks ?? []}
        loading={!simulation && !error}
        loadingText="Reading the sandbox"
        trackBy="hookTargetArn"
        empty={<Box textAlign="center">No service names a Lambda hook. Add one in a service's deployment strategy.</Box>}
        columnDefinitions={[
          { id: "function", header: "Function", cell: (h) => h.hookTargetArn.split(":function:")[1] ?? h.hookTargetArn },
          { id: "services", header: "Called by", cell: (h) => h.services.join(", ") },
          { id: "outcome", header: "Answers", cell: (h) => <HookOutcome hook={h} onChange={(outcome) => void answer(h, outcome)} /> },
        ]}
      />
      <PushSampleImage region={region} />
    </SpaceBetween>
  );
}

const OUTCOMES = [
  { value: "SUCCEEDED", label: "Succeeded" },
  { value: "FAILED", label: "Failed" },
  { value: "IN_PROGRESS", label: "In progress (keep waiting)" },
];

function HookOutcome({ hook, onChange }: { hook: SimulatedHook; onChange: (outcome: string) => void }) {
  const name = hook.hookTargetArn.split(":function:")[1] ?? hook.hookTargetArn;
  return (
    <Select
      selectedOption={OUTCOMES.find((o) => o.value === hook.outcome) ?? null}
      options={OUTCOMES}
      onChange={({ detail }) => detail.selectedOption.value && onChange(detail.selectedOption.value)}
      ariaLabel={`What ${name} answers`}
      data-testid={`hook-outcome-${name}`}
    />
  );
}

function PushSampleImage({ region }: { region: string }) {
  const [repository, setRepository] = useState("");
  const [tag, setTag] = useState("latest");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const { notify } = useNotifications();
  const push = async () => {
    setBusy(true);
    setError(null);
    try {
      const image = await api.pushSampleImage(region, repository.trim(), tag);
      notify({ type: "success", header: `Pushed ${image.repositoryName}:${image.imageTag}`, content: image.imageDigest });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  return (
    <Container
      header={
        <Header variant="h2" description="Adds an image with a real-looking manifest, digest and size to an ECR repository of the sandbox, as docker push would.">
          Push sample image
        </Header>
      }
    >
      <form onSubmit={(e) => e.preventDefault()}>
        <Form
          actions={
            <Button data-testid="push-sample-image" variant="primary" loading={busy} disabled={!repository.trim() || !tag} onClick={() => void push()}>
              Push sample image
            </Button>
          }
          errorText={error && !error.field ? `${error.code}: ${error.message}` : undefined}
        >
          <ColumnLayout columns={2}>
            <FormField label="Repository" errorText={fieldError("repositoryName")}>
              <Input data-testid="sample-repository" value={repository} placeholder="my-app-repo" onChange={({ detail }) => setRepository(detail.value)} />
            </FormField>
            <FormField label="Image tag" errorText={fieldError("imageTag")} constraintText="1–128 letters, digits, _ . -; not starting with . or -">
              <Input data-testid="sample-tag" value={tag} onChange={({ detail }) => setTag(detail.value)} />
            </FormField>
          </ColumnLayout>
        </Form>
      </form>
    </Container>
  );
}

/** One service's traffic: berth-core's rule as it is typed, and Apply once it holds. */
function TrafficCell({ service, text, onChange, onApply }: { service: string; text: string; onChange: (value: string) => void; onApply: () => void }) {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  // Text that is no number is the field's own finding; the range is berth-core's.
  const { errors, checking } = useFieldErrors({ form: "traffic", input: { requestsPerSecond: Number.isFinite(value) ? value : -1 } });
  const problem = text.trim() === "" ? "Enter requests per second (0 for none)." : errors.requestsPerSecond;
  return (
    <FormField errorText={problem}>
      <SpaceBetween direction="horizontal" size="xs">
        <Input data-testid={`traffic-${service}`} type="number" inputMode="decimal" value={text} onChange={({ detail }) => onChange(detail.value)} />
        {/* Not disabled on an answer about older text: that click would be lost; the sandbox checks again. */}
        <Button data-testid={`apply-traffic-${service}`} disabled={text.trim() === "" || (!checking && Boolean(problem))} onClick={onApply}>
          Apply
        </Button>
      </SpaceBetween>
    </FormField>
  );
}
