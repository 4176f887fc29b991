// The state every plan-running wizard keeps: the plan berth-core checked for the current
// input, the last run's outcome, whether a run is under way, and a roll back's report.
// The service and EC2 capacity wizards differ only in which commands they call.
import { useState } from "react";
import { toApiError, type ApiError, type PlanStep, type StepFailure, type Undone } from "../api";

export interface PlanCommands<C, O> {
  plan: () => Promise<PlanStep[]>;
  /** Runs the plan from the first step `created` does not already cover. */
  execute: (created: C) => Promise<O>;
  rollBack: (created: C) => Promise<Undone[]>;
}

export function usePlanRun<C, O extends { created: C; failed: StepFailure | null }>(commands: PlanCommands<C, O>) {
  const [plan, setPlan] = useState<PlanStep[] | null>(null);
  const [planError, setPlanError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<O | null>(null);
  const [running, setRunning] = useState(false);
  const [undone, setUndone] = useState<Undone[] | null>(null);

  /** Asks for a new plan; the returned function drops an answer that comes too late. */
  const loadPlan = () => {
    let current = true;
    setPlan(null);
    setPlanError(null);
    commands.plan().then(
      (p) => current && setPlan(p),
      (e) => current && setPlanError(toApiError(e)),
    );
    return () => {
      current = false;
    };
  };

  const run = async (created: C) => {
    setRunning(true);
    setUndone(null);
    try {
      const result = await commands.execute(created);
      setOutcome(result);
      return result;
    } catch (e) {
      setPlanError(toApiError(e));
      return null;
    } finally {
      setRunning(false);
    }
  };

  const rollBack = async () => {
    if (!outcome) return;
    setRunning(true);
    try {
      const report = await commands.rollBack(outcome.created);
      setUndone(report);
      if (report.every((r) => r.ok)) setOutcome(null);
    } catch (e) {
      setPlanError(toApiError(e));
    } finally {
      setRunning(false);
    }
  };

  return { plan, planError, setPlanError, outcome, running, undone, loadPlan, run, rollBack };
}
