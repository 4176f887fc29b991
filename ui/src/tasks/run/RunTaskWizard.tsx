// Run tasks: what to run and where, networking for awsvpc, overrides and tags, then a
// review with the AWS CLI command. One client token per wizard, so pressing Run again
// after a lost answer never starts the tasks twice.
import { useState } from "react";
import { api, toApiError, type ApiError, type Failure as RunFailure } from "../../api";
import { errorText, useNotifications } from "../../shell/notifications";
import { navigate } from "../../shell/router";
import { useFieldErrors } from "../../shell/useFieldErrors";
import { StepWizard, type StepDefinition } from "../../shell/wizard/StepWizard";
import { ExtrasStep } from "./ExtrasStep";
import { useRunTaskModel, type RunTaskModel } from "./model";
import { NetworkingStep } from "./NetworkingStep";
import { ReviewStep } from "./ReviewStep";
import { TaskStep } from "./TaskStep";
import { to } from "../../paths";

const STEPS: StepDefinition<RunTaskModel>[] = [
  { title: "Task", fields: ["cluster", "taskDefinition", "launchType", "capacityProvider", "count", "placementStrategy", "placementConstraints"], Content: TaskStep },
  { title: "Networking", fields: ["subnets", "securityGroups"], Content: NetworkingStep },
  { title: "Overrides and tags", isOptional: true, fields: ["overrides", "tags"], Content: ExtrasStep },
  { title: "Review and run", fields: ["clientToken"], Content: ReviewStep },
];

// Each distinct reason once, in words where berth-core has them, with how many it hit.
function failureText(failures: RunFailure[]): string {
  const counts = new Map<string, number>();
  for (const f of failures) {
    const text = [f.reason, f.explanation ?? f.detail].filter(Boolean).join(": ");
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].map(([text, n]) => (n > 1 ? `${n}× ${text}` : text)).join(" ");
}

export function RunTaskWizard({ cluster, taskDefinition }: { cluster?: string; taskDefinition?: string }) {
  const { notify } = useNotifications();
  const model = useRunTaskModel(cluster, taskDefinition);
  const { errors, checking } = useFieldErrors({ form: "newTasks", input: model.input });
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const submit = async () => {
    const { input } = model;
    setSubmitting(true);
    setFailure(null);
    try {
      const outcome = await api.runTasks(input);
      if (outcome.failures.length) {
        notify({ type: "warning", header: `${outcome.tasks.length} started, ${outcome.failures.length} failed`, content: failureText(outcome.failures) });
      } else {
        notify({ type: "success", header: `Started ${outcome.tasks.length} task${outcome.tasks.length === 1 ? "" : "s"} of ${input.taskDefinition}`, content: `${outcome.calls} RunTask call${outcome.calls === 1 ? "" : "s"} on ${input.cluster}.` });
      }
      navigate(to("clusterTasks", { cluster: input.cluster }));
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <StepWizard
      steps={STEPS}
      model={model}
      update={() => {}}
      errors={errors}
      waiting={checking || model.loading}
      submitLabel="Run task"
      submitting={submitting}
      onSubmit={() => void submit()}
      onCancel={() => navigate(model.cluster ? to("clusterTasks", { cluster: model.cluster }) : to("tasks"))}
      failure={failure ? { step: STEPS.length - 1, text: `ECS refused to run the task: ${errorText(failure)}` } : null}
    />
  );
}
