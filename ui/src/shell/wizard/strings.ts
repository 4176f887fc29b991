// The words every Cloudscape Wizard in Berth uses; only the submit button differs.
import type { WizardProps } from "@cloudscape-design/components/wizard";

export function wizardStrings(submitButton: string): WizardProps.I18nStrings {
  return {
    stepNumberLabel: (n: number) => `Step ${n}`,
    collapsedStepsLabel: (n: number, total: number) => `Step ${n} of ${total}`,
    skipToButtonLabel: (step: { title: string }) => `Skip to ${step.title}`,
    navigationAriaLabel: "Steps",
    cancelButton: "Cancel",
    previousButton: "Previous",
    nextButton: "Next",
    submitButton,
    optional: "optional",
  };
}
