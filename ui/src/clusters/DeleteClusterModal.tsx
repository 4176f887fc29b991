// Deleting a cluster is confirmed by typing its name, and removes its EC2 capacity first
// in the order AWS allows (berth-core's teardown plan): standalone tasks stopped, each
// Auto Scaling group scaled to 0 and emptied, its capacity provider detached and deleted,
// the group and its launch template deleted, then the cluster, then the roles Berth made
// for it if ticked. Each step shows its state and CLI equivalent; a failure stops there
// and can be retried. Rust checks the typed name again for every step.
import { useEffect, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { api, toApiError, type ApiError, type Cluster, type TeardownPlan } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";

type State = "waiting" | "running" | "done" | "failed" | "skipped";

export function DeleteClusterModal({ cluster, onClose, onDeleted }: { cluster: Cluster; onClose: () => void; onDeleted: () => void }) {
  const name = cluster.clusterName;
  const [typed, setTyped] = useState("");
  const [plan, setPlan] = useState<TeardownPlan | null>(null);
  const [planError, setPlanError] = useState<ApiError | null>(null);
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const [states, setStates] = useState<State[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const { notify } = useNotifications();

  useEffect(() => {
    let current = true;
    const load = () =>
      api.planClusterTeardown(name).then(
        (p) => {
          if (!current) return;
          setPlan(p);
          setStates(p.steps.map(() => "waiting"));
          // A service still draining blocks the cluster: look again until it is gone.
          if (p.blockers.length) timer = setTimeout(load, 3000);
        },
        (e) => current && setPlanError(toApiError(e)),
      );
    let timer: ReturnType<typeof setTimeout> | undefined;
    void load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name]);

  const run = async () => {
    if (!plan) return;
    setBusy(true);
    setError(null);
    const next = [...states];
    for (let i = 0; i < plan.steps.length; i++) {
      const step = plan.steps[i];
      if (next[i] === "done") continue;
      if (step.optional && !ticked.has(i)) {
        next[i] = "skipped";
        setStates([...next]);
        continue;
      }
      next[i] = "running";
      setStates([...next]);
      try {
        await api.runClusterTeardownStep(name, step.action, typed);
        next[i] = "done";
        setStates([...next]);
      } catch (e) {
        next[i] = "failed";
        setStates([...next]);
        setError(toApiError(e));
        setBusy(false);
        return;
      }
    }
    setBusy(false);
    const withCapacity = plan.steps.some((s) => s.action.action === "deleteAutoScalingGroup");
    notify({ type: "success", content: withCapacity ? `Cluster ${name} and its capacity deleted.` : `Cluster ${name} deleted.` });
    onDeleted();
  };

  const blocked = (plan?.blockers.length ?? 0) > 0;
  const started = states.some((s) => s !== "waiting");
  const failedAt = states.indexOf("failed");
  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      header={`Delete cluster ${name}?`}
      data-testid="delete-cluster-modal"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose} disabled={busy}>
              {started ? "Close" : "Cancel"}
            </Button>
            <Button variant="primary" disabled={typed !== name || !plan || blocked} loading={busy} onClick={() => void run()} data-testid="confirm-delete">
              {failedAt >= 0 ? `Retry from step ${failedAt + 1}` : "Delete"}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          This deletes <b>{name}</b> ({cluster.clusterArn}) and the EC2 capacity it holds, in this order:
        </Box>
        {planError && <ErrorAlert error={planError} header="Berth could not work out what the cluster holds" />}
        {!plan && !planError && <StatusIndicator type="loading">Reading the cluster's capacity</StatusIndicator>}
        {plan && blocked && (
          <Alert type="warning" header="Delete these first" data-testid="teardown-blockers">
            <ul>
              {plan.blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </Alert>
        )}
        {plan && (
          <ol data-testid="teardown-steps" className="teardown-steps">
            {plan.steps.map((s, i) => (
              <li key={`${s.title}-${i}`}>
                <SpaceBetween size="xxs">
                  <SpaceBetween direction="horizontal" size="xs" alignItems="center">
                    {s.optional ? (
                      <Checkbox
                        checked={ticked.has(i)}
                        disabled={busy || states[i] === "done"}
                        onChange={({ detail }) => setTicked((t) => (detail.checked ? new Set([...t, i]) : new Set([...t].filter((x) => x !== i))))}
                        data-testid={`teardown-optional-${i}`}
                      >
                        {s.title}
                      </Checkbox>
                    ) : (
                      <Box variant="strong">{s.title}</Box>
                    )}
                    <StepState state={states[i] ?? "waiting"} />
                  </SpaceBetween>
                  <Box variant="code" fontSize="body-s">
                    <span className="cli-command">{s.cli}</span>
                  </Box>
                </SpaceBetween>
              </li>
            ))}
          </ol>
        )}
        {error && <ErrorAlert error={error} header={`Step ${failedAt + 1} failed`} />}
        <FormField label={`To confirm, type the cluster name: ${name}`}>
          <Input value={typed} onChange={({ detail }) => setTyped(detail.value)} placeholder={name} ariaLabel="Cluster name to confirm" data-testid="confirm-name" autoFocus disabled={busy} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}

function StepState({ state }: { state: State }) {
  switch (state) {
    case "running":
      return <StatusIndicator type="in-progress">Running</StatusIndicator>;
    case "done":
      return <StatusIndicator type="success">Done</StatusIndicator>;
    case "failed":
      return <StatusIndicator type="error">Failed</StatusIndicator>;
    case "skipped":
      return <StatusIndicator type="stopped">Skipped</StatusIndicator>;
    default:
      return <StatusIndicator type="pending">Not started</StatusIndicator>;
  }
}
