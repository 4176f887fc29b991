// Clean up after the walkthrough: what it left (found by its names and what they point at,
// so leftovers made by hand are found too) with what each costs by the hour, removed in
// berth-core's order after the user types the cluster's name, step by step with progress,
// then scanned again: either nothing is left, or what remains and what it costs.
import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { api, toApiError, type ApiError, type CleanupPlan, type GuideTargets, type Leftover } from "../api";
import { ConfirmModal } from "../shell/ConfirmModal";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useAction } from "../shell/useAction";

type StepState = "pending" | "in-progress" | "success" | "error";
const perHour = (v: number | null) => (v === null ? "unknown" : `$${v.toFixed(4)}`);

export function Cleanup({ targets }: { targets: GuideTargets }) {
  const [plan, setPlan] = useState<CleanupPlan | null>(null);
  const [states, setStates] = useState<StepState[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [after, setAfter] = useState<CleanupPlan | null>(null);
  const scan = useAction();

  const run = async (typed: string) => {
    if (!plan) return;
    setConfirming(false);
    setFailure(null);
    const s: StepState[] = plan.steps.map(() => "pending");
    setStates([...s]);
    for (let i = 0; i < plan.steps.length; i++) {
      s[i] = "in-progress";
      setStates([...s]);
      try {
        await api.guideCleanupStep(targets, plan.steps[i].action, typed);
        s[i] = "success";
      } catch (e) {
        s[i] = "error";
        setStates([...s]);
        setFailure(toApiError(e));
        break;
      }
      setStates([...s]);
    }
    setAfter(await api.guideCleanupPlan(targets));
  };

  return (
    <Container
      data-testid="guide-cleanup"
      header={
        <Header
          variant="h2"
          description="Everything the walkthrough made, found by its names and by what they point at, removed in the order AWS allows."
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button loading={scan.busy} onClick={() => void scan.run(async () => { setAfter(null); setStates([]); setPlan(await api.guideCleanupPlan(targets)); })} data-testid="guide-cleanup-scan">
                Find what it left
              </Button>
              <Button variant="primary" disabled={!plan || plan.steps.length === 0 || states.length > 0} onClick={() => setConfirming(true)} data-testid="guide-cleanup-start">
                Clean up
              </Button>
            </SpaceBetween>
          }
        >
          Clean up
        </Header>
      }
    >
      <SpaceBetween size="m">
        {scan.error && <ErrorAlert error={scan.error} header="Could not scan" />}
        {plan && states.length === 0 && <Leftovers plan={plan} testId="guide-cleanup-found" />}
        {plan && states.length > 0 && (
          <SpaceBetween size="xxs" data-testid="guide-cleanup-progress">
            {plan.steps.map((st, i) => (
              <StatusIndicator key={i} type={states[i] ?? "pending"}>
                {st.title}
              </StatusIndicator>
            ))}
          </SpaceBetween>
        )}
        {failure && <ErrorAlert error={failure} header="The clean-up stopped" />}
        {after && (
          <Box data-testid="guide-cleanup-result">
            {after.leftovers.length === 0 ? (
              <StatusIndicator type="success">Nothing the walkthrough made is left.</StatusIndicator>
            ) : (
              <SpaceBetween size="xs">
                <StatusIndicator type="warning">{`${after.leftovers.length} left, costing ${perHour(after.hourly)} per hour`}</StatusIndicator>
                <Leftovers plan={after} />
              </SpaceBetween>
            )}
          </Box>
        )}
      </SpaceBetween>
      {confirming && plan && (
        <ConfirmModal
          header="Clean up the walkthrough"
          expected={plan.confirm}
          confirmLabel="Delete everything listed"
          failureHeader="Could not start"
          onConfirm={run}
          onClose={() => setConfirming(false)}
          testId="guide-cleanup-confirm"
        >
          <Box>
            Deletes the {plan.leftovers.length} resources listed, in {plan.steps.length} steps. Type the cluster's name, <b>{plan.confirm}</b>, to go on.
          </Box>
        </ConfirmModal>
      )}
    </Container>
  );
}

function Leftovers({ plan, testId }: { plan: CleanupPlan; testId?: string }) {
  return (
    <Table<Leftover>
      data-testid={testId}
      variant="embedded"
      items={plan.leftovers}
      header={<Header variant="h3" counter={`(${plan.leftovers.length})`} description={`Costs ${perHour(plan.hourly)} per hour while it stays.`}>Found</Header>}
      columnDefinitions={[
        { id: "kind", header: "Kind", cell: (l) => l.kind },
        { id: "name", header: "Name", cell: (l) => l.name, isRowHeader: true },
        { id: "hourly", header: "Per hour", cell: (l) => perHour(l.hourly) },
      ]}
      empty="Nothing the walkthrough made is here."
    />
  );
}
