// Add EC2 capacity to an existing cluster: the same choices, network and plan as the
// cluster wizard's EC2 path (launch template, Auto Scaling group, capacity provider, the
// cluster's default strategy), run with retry and roll back.
import { useEffect, useMemo, useState } from "react";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import { api } from "../../api";
import { to } from "../../paths";
import { CostEstimate, useEstimate } from "../../shell/CostEstimate";
import { NetworkStep, useNetworkChoices, type NetworkChoices } from "../../shell/network";
import { useNotifications } from "../../shell/notifications";
import { navigate } from "../../shell/router";
import { useFieldErrors } from "../../shell/useFieldErrors";
import { stepOwns, StepWizard, type StepDefinition, type StepProps } from "../../shell/wizard/StepWizard";
import { CapacityFields } from "./CapacityFields";
import { CapacityPlanRun } from "./CapacityPlanRun";
import { INITIAL_EC2, NOTHING, notNumbers, toCapacity, useCapacityPlan, type CapacityPlan, type Ec2Choices } from "./model";

type AddModel = { cluster: string; ec2: Ec2Choices; net: NetworkChoices; plan: CapacityPlan; goToField: (field: string) => void; input: ReturnType<typeof toCapacity> };

function Ec2Step({ model, update, error }: StepProps<AddModel>) {
  return <CapacityFields cluster={model.cluster} ec2={model.ec2} change={(c) => update((m) => ({ ec2: { ...m.ec2, ...c } }))} error={error} />;
}

function NetworkingStep({ model, error }: StepProps<AddModel>) {
  return <NetworkStep choices={model.net} networkMode="awsvpc" target="instances" subnetsError={error("subnets", true)} groupsError={error("securityGroups", true)} />;
}

function ReviewStep({ model: m }: StepProps<AddModel>) {
  const p = m.plan;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- loadPlan reads this input
  useEffect(() => (p.outcome ? undefined : p.loadPlan()), [m.input, p.outcome]);
  const estimate = useEstimate(() => api.estimateCapacity(m.input), JSON.stringify(m.input));
  return (
    <>
      <Container header={<Header variant="h2" description={`Capacity for cluster ${m.cluster}`}>Review</Header>} />
      <CostEstimate estimate={estimate} testId="capacity-cost" />
      <CapacityPlanRun plan={p} goToField={m.goToField} subject="this capacity" />
    </>
  );
}

const STEPS: StepDefinition<AddModel>[] = [
  { title: "EC2 instances", fields: ["name", "instanceType", "minSize", "desiredCapacity", "maxSize", "instanceProfileArn", "keyName", "targetCapacity"], Content: Ec2Step },
  { title: "Networking", fields: ["subnets", "securityGroups"], Content: NetworkingStep },
  { title: "Review and add", fields: () => true, Content: ReviewStep },
];

export function AddCapacityWizard({ cluster }: { cluster: string }) {
  const { notify } = useNotifications();
  const [ec2, setEc2] = useState<Ec2Choices>(INITIAL_EC2);
  const [clientToken] = useState(() => crypto.randomUUID());
  const [jump, setJump] = useState<{ step: number } | null>(null);
  const net = useNetworkChoices();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- net's chosen values are what matters
  const input = useMemo(() => toCapacity(cluster, ec2, net, clientToken, null), [cluster, ec2, net.chosenSubnets, net.chosenGroups, clientToken]);
  const plan = useCapacityPlan(input);
  const checked = useFieldErrors({ form: "newCapacity", input });
  const errors = useMemo(() => ({ ...checked.errors, ...notNumbers(ec2) }), [checked.errors, ec2]);
  const model: AddModel = {
    cluster,
    ec2,
    net,
    plan,
    input,
    goToField: (field) => {
      plan.setPlanError(null);
      const i = STEPS.findIndex((s) => stepOwns(s, field));
      setJump({ step: i < 0 ? STEPS.length - 1 : i });
    },
  };

  const submit = async () => {
    const { outcome } = plan;
    if (!outcome?.failed && (!plan.plan || plan.planError)) return;
    const result = await plan.run(outcome?.failed ? outcome.created : NOTHING);
    if (result && !result.failed) {
      notify({ type: "success", header: `EC2 capacity added to ${cluster}`, content: `${input.desiredCapacity} ${input.instanceType} instances are starting.` });
      navigate(to("cluster", { name: cluster }));
    }
  };

  return (
    <StepWizard
      steps={STEPS}
      model={model}
      update={(change) => {
        const c = typeof change === "function" ? change(model) : change;
        if (c.ec2) setEc2(c.ec2);
      }}
      errors={errors}
      waiting={checked.checking}
      submitLabel="Add capacity"
      submitting={plan.running}
      onSubmit={() => void submit()}
      onCancel={() => navigate(to("cluster", { name: cluster }))}
      jumpTo={jump}
    />
  );
}
