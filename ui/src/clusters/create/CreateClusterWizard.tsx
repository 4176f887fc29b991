// Create cluster: name and Container Insights, its capacity (Fargate only, or Fargate and
// an Auto Scaling group of EC2 instances), where instances launch, tags, then a review.
// Fargate only is one CreateCluster call; with EC2 it is berth-core's capacity plan, run
// step by step with retry and roll back. berth-core checks every value as it is typed;
// nothing typed is lost on error.
import { useMemo, useState } from "react";
import { api, toApiError, type ApiError, type NewCapacity, type Tag } from "../../api";
import { useNetworkChoices, type NetworkChoices } from "../../shell/network";
import { errorText, useNotifications } from "../../shell/notifications";
import { navigate } from "../../shell/router";
import { useFieldErrors } from "../../shell/useFieldErrors";
import { stepOwns, StepWizard, type StepDefinition } from "../../shell/wizard/StepWizard";
import { NOTHING, notNumbers, toCapacity, useCapacityPlan, type CapacityPlan } from "../capacity/model";
import { CapacityStep } from "./CapacityStep";
import { ConfigurationStep } from "./ConfigurationStep";
import { clusterOf, initial, type Model } from "./model";
import { NetworkingStep } from "./NetworkingStep";
import { ReviewStep } from "./ReviewStep";
import { TagsStep } from "./TagsStep";
import { to } from "../../paths";

export type WizardModel = Model & { net: NetworkChoices; capacityInput: NewCapacity; plan: CapacityPlan; goToField: (field: string) => void };

const CAPACITY_FIELDS = ["name", "instanceType", "minSize", "desiredCapacity", "maxSize", "instanceProfileArn", "keyName", "targetCapacity"];

const STEPS: StepDefinition<WizardModel>[] = [
  {
    title: "Cluster configuration",
    description: "A cluster is a logical boundary that groups the capacity (Fargate or EC2 instances) your tasks run on.",
    fields: ["clusterName"],
    Content: ConfigurationStep as StepDefinition<WizardModel>["Content"],
  },
  { title: "Infrastructure", description: "What your tasks run on.", fields: CAPACITY_FIELDS, Content: CapacityStep },
  { title: "Networking", isOptional: true, fields: ["subnets", "securityGroups"], Content: NetworkingStep },
  { title: "Tags", isOptional: true, description: "Tags are key–value labels for cost allocation and search.", fields: ["tags"], Content: TagsStep as StepDefinition<WizardModel>["Content"] },
  { title: "Review and create", fields: (f) => f === "clientToken" || f === "cluster", Content: ReviewStep },
];

function stepOf(field: string): number {
  const i = STEPS.findIndex((s) => stepOwns(s, field));
  return i < 0 ? STEPS.length - 1 : i;
}

/** `name` prefills the cluster's name (the guide's Do it passes the walkthrough's). */
export function CreateClusterWizard({ name, capacity, tags }: { name?: string; capacity?: "fargate" | "ec2"; tags?: Tag[] }) {
  const { notify } = useNotifications();
  const [model, setModel] = useState<Model>({ ...initial, clusterName: name ?? "", capacity: capacity ?? initial.capacity, tags: tags ?? initial.tags });
  const [clientToken] = useState(() => crypto.randomUUID());
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [jump, setJump] = useState<{ step: number } | null>(null);
  const net = useNetworkChoices();
  const ec2 = model.capacity === "ec2";
  const capacityInput = useMemo(
    () => toCapacity(model.clusterName, model.ec2, net, clientToken, clusterOf(model)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- net's chosen values are what matters
    [model, net.chosenSubnets, net.chosenGroups, clientToken],
  );
  const plan = useCapacityPlan(capacityInput);
  const fargateErrors = useFieldErrors({ form: "newCluster", input: clusterOf(model) });
  const ec2Errors = useFieldErrors({ form: "newCapacity", input: capacityInput });
  const checked = ec2 ? ec2Errors : fargateErrors;
  const errors = useMemo(() => (ec2 ? { ...checked.errors, ...notNumbers(model.ec2) } : checked.errors), [ec2, checked.errors, model.ec2]);

  const submit = async () => {
    setFailure(null);
    if (ec2) {
      const { outcome } = plan;
      if (!outcome?.failed && (!plan.plan || plan.planError)) return;
      const result = await plan.run(outcome?.failed ? outcome.created : NOTHING);
      if (result && !result.failed) {
        notify({ type: "success", header: `Cluster ${model.clusterName} created`, content: `${capacityInput.desiredCapacity} ${capacityInput.instanceType} instances are starting; they register in the Infrastructure tab.` });
        navigate(to("cluster", { name: model.clusterName }));
      }
      return;
    }
    setSubmitting(true);
    try {
      const cluster = await api.createCluster(clusterOf(model));
      notify({ type: "success", header: `Cluster ${cluster.clusterName} created`, content: cluster.clusterArn });
      navigate(to("clusters"));
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setSubmitting(false);
    }
  };

  const failedStep = failure?.field ? stepOf(failure.field) : STEPS.length - 1;
  const failureJump = useMemo(() => (failure ? { step: failure.field ? stepOf(failure.field) : STEPS.length - 1 } : null), [failure]);
  const wizardModel: WizardModel = {
    ...model,
    net,
    capacityInput,
    plan,
    goToField: (field) => {
      plan.setPlanError(null);
      setJump({ step: stepOf(field) });
    },
  };
  return (
    <StepWizard
      steps={STEPS}
      model={wizardModel}
      update={(change) => setModel((m) => ({ ...m, ...(typeof change === "function" ? change(m as WizardModel) : change) }))}
      errors={errors}
      waiting={checked.checking}
      submitLabel="Create cluster"
      submitting={submitting || plan.running}
      onSubmit={() => void submit()}
      onCancel={() => navigate(to("clusters"))}
      failure={failure ? { step: failedStep, text: errorText(failure) } : null}
      jumpTo={jump ?? failureJump}
    />
  );
}
