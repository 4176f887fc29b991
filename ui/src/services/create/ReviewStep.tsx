// Step 5: what the service will cost to leave running; every AWS call in order with its
// CLI equivalent (from berth-core's plan, which also checks the service against AWS as it
// is), each call's state while it runs, and after a failure the choice to retry from the
// failed step or roll back.
import { useEffect } from "react";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api } from "../../api";
import { CostEstimate, useEstimate } from "../../shell/CostEstimate";
import { PlanRun } from "../../shell/PlanRun";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { CreateServiceModel } from "./model";

export type ReviewModel = CreateServiceModel & { goToField: (field: string) => void };

export function ReviewStep({ model: m }: StepProps<ReviewModel>) {
  const { plan, planError, outcome, running, undone } = m;
  // A new plan for every change of the input, unless a run has started.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- loadPlan reads this input
  useEffect(() => (outcome ? undefined : m.loadPlan()), [m.input, outcome]);
  // What it costs, before anything is created.
  const estimate = useEstimate(() => api.estimateService(m.input), JSON.stringify(m.input));

  return (
    <SpaceBetween size="l">
      <CostEstimate estimate={estimate} testId="service-cost" />
      <PlanRun
        plan={plan}
        planError={planError}
        outcome={outcome}
        running={running}
        undone={undone}
        onRetry={() => outcome && void m.run(outcome.created)}
        onRollBack={() => void m.rollBack()}
        goToField={m.goToField}
        subject="this service"
        testId="service-plan"
      />
    </SpaceBetween>
  );
}
