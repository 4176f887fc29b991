// A plan's calls in order with their CLI equivalents and each call's state while it runs;
// after a failure, the choice to retry from the failed step or roll back; after a roll
// back, what was removed. Every multi-call wizard (service, EC2 capacity) shows its plan
// through this, so they behave alike.
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { ApiError, PlanStep, StepFailure, StepKind, Undone } from "../api";
import { ErrorAlert } from "./ErrorAlert";

export interface PlanRunProps {
  plan: PlanStep[] | null;
  planError: ApiError | null;
  /** The last run's result: steps done and the failure that stopped it. */
  outcome: { done: StepKind[]; failed: StepFailure | null } | null;
  running: boolean;
  undone: Undone[] | null;
  onRetry: () => void;
  onRollBack: () => void;
  /** Takes the user to the wizard step that holds a field the plan refused. */
  goToField?: (field: string) => void;
  /** What is being planned, for the headers ("this service"). */
  subject: string;
  testId: string;
}

export function PlanRun({ plan, planError, outcome, running, undone, onRetry, onRollBack, goToField, subject, testId }: PlanRunProps) {
  const stepState = (i: number): { type: "success" | "error" | "pending" | "in-progress"; text: string } => {
    if (!plan) return { type: "pending", text: "Not started" };
    const kind = plan[i].kind;
    if (outcome?.done.includes(kind)) return { type: "success", text: "Done" };
    if (outcome?.failed?.index === i) return { type: "error", text: `Failed: ${outcome.failed.code}` };
    if (running && (outcome?.failed ? i === outcome.failed.index : !outcome)) return { type: "in-progress", text: "Running" };
    return { type: "pending", text: "Not started" };
  };

  return (
    <SpaceBetween size="l">
      {planError && (
        <ErrorAlert
          error={planError}
          header={planError.field ? `Fix ${planError.field} before creating` : `Berth could not plan ${subject}`}
          action={planError.field && goToField ? <Button onClick={() => goToField(planError.field ?? "")}>Go to the field</Button> : undefined}
        />
      )}
      {outcome?.failed && (
        <Alert
          type="error"
          header={`Step ${outcome.failed.index + 1} failed: ${outcome.failed.code}`}
          data-testid="create-failed"
          action={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={onRetry} loading={running}>
                Retry from step {outcome.failed.index + 1}
              </Button>
              <Button onClick={onRollBack} loading={running} data-testid="roll-back">
                Roll back what was created
              </Button>
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
              <li key={u.what}>
                {u.ok ? "Removed" : "Still there"}: {u.what}
                {u.message ? ` (${u.message})` : ""}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Container header={<Header variant="h2" description="Berth makes these calls in this order; if one fails it stops and tells you what exists.">AWS calls</Header>} data-testid={testId}>
        {!plan && !planError && <StatusIndicator type="loading">Checking {subject} against AWS</StatusIndicator>}
        {plan && (
          <SpaceBetween size="m">
            {plan.map((s, i) => {
              const state = stepState(i);
              return (
                <SpaceBetween key={s.kind} size="xxs">
                  <SpaceBetween direction="horizontal" size="xs" alignItems="center">
                    <Box variant="strong">
                      {i + 1}. {s.title}
                    </Box>
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
}
