// The wizard every create flow uses: a model, one file per step, and this component,
// which owns what all of them share. A step names the fields it owns; Next is refused
// while berth-core reports an error on one of them, and waits (instead of judging stale
// errors) while the check or the data a step needs is still on its way. A new step is a
// new entry in a wizard's `steps` list.
import { useEffect, useState, type ComponentType, type ReactNode } from "react";
import Wizard from "@cloudscape-design/components/wizard";
import { wizardStrings } from "./strings";

export interface StepProps<M> {
  model: M;
  /** Merges a change into the model (a function sees the latest model). */
  update: (change: Partial<M> | ((model: M) => Partial<M>)) => void;
  /**
   * The sentence to show under `field`, once the user has tried to leave the step or
   * typed into the field (`typed`).
   */
  error: (field: string, typed?: boolean) => string | undefined;
}

export interface StepDefinition<M> {
  title: string;
  description?: ReactNode;
  isOptional?: boolean;
  /**
   * Fields this step owns, by name or prefix (`tags` owns `tags[3].key` too), or a test
   * for the fields no other step claims.
   */
  fields: string[] | ((field: string) => boolean);
  Content: ComponentType<StepProps<M>>;
}

const SUBMIT = -1;

export function owns(prefix: string, field: string): boolean {
  return field === prefix || field.startsWith(`${prefix}[`) || field.startsWith(`${prefix}.`);
}

export function stepOwns<M>(step: StepDefinition<M>, field: string): boolean {
  return typeof step.fields === "function" ? step.fields(field) : step.fields.some((p) => owns(p, field));
}

export interface StepWizardProps<M> {
  steps: StepDefinition<M>[];
  model: M;
  update: StepProps<M>["update"];
  /** berth-core's errors for the model, by field. */
  errors: Record<string, string>;
  /** The errors are not yet for this model, or a step's data is loading: Next waits. */
  waiting: boolean;
  submitLabel: string;
  submitting: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  /** The step a failure is about, and what to say there. */
  failure?: { step: number; text: string } | null;
  /** A new object moves the wizard to its step (after a failure about an earlier one). */
  jumpTo?: { step: number } | null;
}

export function StepWizard<M>({ steps, model, update, errors, waiting, submitLabel, submitting, onSubmit, onCancel, failure, jumpTo }: StepWizardProps<M>) {
  const [step, setStep] = useState(0);
  const [tried, setTried] = useState<Set<number>>(new Set());
  const [pending, setPending] = useState<number | null>(null);

  useEffect(() => {
    if (jumpTo) setStep(jumpTo.step);
  }, [jumpTo]);

  const firstInvalid = (upTo: number) => {
    for (let i = 0; i < upTo; i++) {
      if (Object.keys(errors).some((f) => stepOwns(steps[i], f))) return i;
    }
    return null;
  };

  const refuse = (invalid: number) => {
    setTried((t) => new Set([...t, ...steps.slice(0, invalid + 1).map((_, i) => i)]));
    setStep(invalid);
  };

  // `requested` is a step index, or SUBMIT for the last step's button.
  const go = (requested: number) => {
    if (requested === SUBMIT) {
      const invalid = firstInvalid(steps.length);
      return invalid === null ? onSubmit() : refuse(invalid);
    }
    if (requested <= step) return setStep(requested);
    const invalid = firstInvalid(requested);
    if (invalid === null) setStep(requested);
    else refuse(invalid);
  };

  useEffect(() => {
    if (pending === null || waiting) return;
    setPending(null);
    go(pending);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `go` judges this render's errors, which are the settled ones
  }, [pending, waiting]);

  const error = (index: number) => (field: string, typed = false) => (tried.has(index) || typed ? errors[field] : undefined);

  return (
    <Wizard
      i18nStrings={wizardStrings(submitLabel)}
      activeStepIndex={step}
      // Not loading while a Next waits for the check: Cloudscape ignores clicks on a
      // loading button, and a second quick Next would be lost. It queues instead.
      isLoadingNextStep={submitting}
      onCancel={onCancel}
      onSubmit={() => {
        // Only what berth-core has passed is sent, once.
        if (pending === SUBMIT) return;
        if (waiting) setPending(SUBMIT);
        else go(SUBMIT);
      }}
      onNavigate={({ detail }) => {
        const forward = detail.requestedStepIndex > step;
        // A Next while one waits means one step further than that one.
        if (forward && pending !== null && pending !== SUBMIT) setPending(Math.min(pending + 1, steps.length - 1));
        else if (forward && waiting) setPending(detail.requestedStepIndex);
        else go(detail.requestedStepIndex);
      }}
      steps={steps.map((s, i) => ({
        title: s.title,
        description: s.description,
        isOptional: s.isOptional,
        errorText:
          failure && failure.step === i && step === i
            ? failure.text
            : tried.has(i) && Object.keys(errors).some((f) => stepOwns(s, f))
              ? "Fix the fields marked below."
              : undefined,
        content: <s.Content model={model} update={update} error={error(i)} />,
      }))}
    />
  );
}
