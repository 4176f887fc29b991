// The capacity plan as both capacity wizards show it on their review step.
import { PlanRun } from "../../shell/PlanRun";
import type { CapacityPlan } from "./model";

export function CapacityPlanRun({ plan: p, goToField, subject }: { plan: CapacityPlan; goToField: (field: string) => void; subject: string }) {
  return (
    <PlanRun
      plan={p.plan}
      planError={p.planError}
      outcome={p.outcome}
      running={p.running}
      undone={p.undone}
      onRetry={() => p.outcome && void p.run(p.outcome.created)}
      onRollBack={() => void p.rollBack()}
      goToField={goToField}
      subject={subject}
      testId="capacity-plan"
    />
  );
}
