// Create a service: what runs and how many, networking, load balancing (none, an existing
// target group, or a new ALB with listener and target group), deployment (rolling,
// blue/green, linear or canary with hooks) and auto scaling (target tracking or steps),
// then a review listing every AWS call in order with its CLI equivalent. Running the plan
// reports each step; a failed step leaves the user a choice: retry from it, or roll back
// what was made. One client token per wizard keeps CreateService from running twice.
import { useMemo, useState } from "react";
import type { Tag } from "../../api";
import { to } from "../../paths";
import { useNotifications } from "../../shell/notifications";
import { navigate } from "../../shell/router";
import { useFieldErrors } from "../../shell/useFieldErrors";
import { stepOwns, StepWizard, type StepDefinition } from "../../shell/wizard/StepWizard";
import { DeploymentStep } from "./DeploymentStep";
import { LoadBalancingStep } from "./LoadBalancingStep";
import { NOTHING, useCreateServiceModel } from "./model";
import { NetworkingStep } from "./NetworkingStep";
import { ReviewStep, type ReviewModel } from "./ReviewStep";
import { WhatStep } from "./WhatStep";

const STEPS: StepDefinition<ReviewModel>[] = [
  { title: "Service", description: "Cluster, revision, name and count.", fields: ["cluster", "serviceName", "taskDefinition", "launchType", "capacityProviderStrategy", "placementStrategy", "placementConstraints", "desiredCount", "tags", "clientToken"], Content: WhatStep },
  { title: "Networking", fields: ["subnets", "securityGroups"], Content: NetworkingStep },
  { title: "Load balancing", fields: ["loadBalancing", "healthCheckGracePeriodSeconds"], Content: LoadBalancingStep },
  { title: "Deployment and scaling", fields: ["minimumHealthyPercent", "maximumPercent", "rollback", "autoScaling", "strategy", "alternateTargetGroupArn", "productionListenerRule", "testListenerRule", "roleArn", "bakeTimeInMinutes", "stepPercent", "stepBakeTimeInMinutes", "canaryPercent", "canaryBakeTimeInMinutes", "hooks"], Content: DeploymentStep },
  { title: "Review and create", fields: [], Content: ReviewStep },
];

/** The step that holds a field berth-core named (the review when none does). */
export function stepOf(field: string): number {
  const i = STEPS.findIndex((s) => stepOwns(s, field));
  return i < 0 ? STEPS.length - 1 : i;
}

/** The guide's Do it names the cluster, family, service and desired count; each may be changed. */
export function CreateServiceWizard({ cluster, family, name, desired, tags }: { cluster?: string; family?: string; name?: string; desired?: string; tags?: Tag[] }) {
  const { notify } = useNotifications();
  const base = useCreateServiceModel(cluster, { family, name, desired, tags });
  const [jump, setJump] = useState<{ step: number } | null>(null);
  const model: ReviewModel = {
    ...base,
    goToField: (field) => {
      base.setPlanError(null);
      setJump({ step: stepOf(field) });
    },
  };
  const checked = useFieldErrors({ form: "newService", input: base.input });
  // A number field's text that is no number is the form's own finding; the rest is berth-core's.
  const errors = useMemo(() => ({ ...checked.errors, ...base.notNumbers }), [checked.errors, base.notNumbers]);

  const submit = async () => {
    const { outcome, plan, planError, input } = base;
    if (!outcome?.failed && (!plan || planError)) return;
    const result = await base.run(outcome?.failed ? outcome.created : NOTHING);
    if (result && !result.failed) {
      notify({ type: "success", header: `Service ${input.serviceName} created`, content: result.created.loadBalancerDns ? `Load balancer at http://${result.created.loadBalancerDns}` : `${input.desiredCount} tasks on ${input.cluster}.` });
      navigate(to("service", { cluster: input.cluster, name: input.serviceName }));
    }
  };

  return (
    <StepWizard
      steps={STEPS}
      model={model}
      update={() => {}}
      errors={errors}
      waiting={checked.checking || base.loading}
      submitLabel="Create service"
      submitting={base.running}
      onSubmit={() => void submit()}
      onCancel={() => navigate(base.cluster ? to("clusterServices", { cluster: base.cluster }) : to("services"))}
      jumpTo={jump}
    />
  );
}
