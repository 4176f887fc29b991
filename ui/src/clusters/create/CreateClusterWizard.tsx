// Create cluster: name and Container Insights, tags, then a review with the equivalent
// AWS CLI command. berth-core checks every value as it is typed; nothing typed is lost
// on error.
import { useMemo, useState } from "react";
import { api, toApiError, type ApiError } from "../../api";
import { errorText, useNotifications } from "../../shell/notifications";
import { navigate } from "../../shell/router";
import { useFieldErrors } from "../../shell/useFieldErrors";
import { StepWizard, type StepDefinition } from "../../shell/wizard/StepWizard";
import { ConfigurationStep } from "./ConfigurationStep";
import { initial, type Model } from "./model";
import { ReviewStep } from "./ReviewStep";
import { TagsStep } from "./TagsStep";
import { to } from "../../paths";

const STEPS: StepDefinition<Model>[] = [
  {
    title: "Cluster configuration",
    description: "A cluster is a logical boundary that groups the capacity (Fargate or EC2 instances) your tasks run on.",
    fields: ["clusterName"],
    Content: ConfigurationStep,
  },
  { title: "Tags", isOptional: true, description: "Tags are key–value labels for cost allocation and search.", fields: ["tags"], Content: TagsStep },
  { title: "Review and create", fields: [], Content: ReviewStep },
];

export function CreateClusterWizard() {
  const { notify } = useNotifications();
  const [model, setModel] = useState<Model>(initial);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const { errors, checking } = useFieldErrors({ form: "newCluster", input: model });

  const submit = async () => {
    setSubmitting(true);
    setFailure(null);
    try {
      const cluster = await api.createCluster(model);
      notify({ type: "success", header: `Cluster ${cluster.clusterName} created`, content: cluster.clusterArn });
      navigate(to("clusters"));
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setSubmitting(false);
    }
  };

  const failedStep = failure?.field === "clusterName" ? 0 : STEPS.length - 1;
  const jump = useMemo(() => (failure ? { step: failure.field === "clusterName" ? 0 : STEPS.length - 1 } : null), [failure]);
  return (
    <StepWizard
      steps={STEPS}
      model={model}
      update={(change) => setModel((m) => ({ ...m, ...(typeof change === "function" ? change(m) : change) }))}
      errors={errors}
      waiting={checking}
      submitLabel="Create cluster"
      submitting={submitting}
      onSubmit={() => void submit()}
      onCancel={() => navigate(to("clusters"))}
      failure={failure ? { step: failedStep, text: errorText(failure) } : null}
      jumpTo={jump}
    />
  );
}
