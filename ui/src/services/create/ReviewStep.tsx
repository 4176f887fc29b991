// Step 5: every AWS call in order with its CLI equivalent (from berth-core's plan, which
// also checks the service against AWS as it is), each call's state while it runs, and
// after a failure the choice to retry from the failed step or roll back.
import { useEffect } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { ErrorAlert } from "../../shell/ErrorAlert";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { CreateServiceModel } from "./model";

export type ReviewModel = CreateServiceModel & { goToField: (field: string) => void };

export function ReviewStep({ model: m }: StepProps<ReviewModel>) {
  const { plan, planError, outcome, running, undone } = m;
  // A new plan for every change of the input, unless a run has started.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- loadPlan reads this input
  useEffect(() => (outcome ? undefined : m.loadPlan()), [m.input, outcome]);

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
          header={planError.field ? `Fix ${planError.field} before creating` : "Berth could not plan this service"}
          action={planError.field ? <Button onClick={() => m.goToField(planError.field ?? "")}>Go to the field</Button> : undefined}
        />
      )}
      {outcome?.failed && (
        <Alert
          type="error"
          header={`Step ${outcome.failed.index + 1} failed: ${outcome.failed.code}`}
          data-testid="create-failed"
          action={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => void m.run(outcome.created)} loading={running}>
                Retry from step {outcome.failed.index + 1}
              </Button>
              <Button onClick={() => void m.rollBack()} loading={running} data-testid="roll-back">
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
      <Container header={<Header variant="h2" description="Berth makes these calls in this order; if one fails it stops and tells you what exists.">AWS calls</Header>} data-testid="service-plan">
        {!plan && !planError && <StatusIndicator type="loading">Checking the service against AWS</StatusIndicator>}
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
