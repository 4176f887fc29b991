// Last step: what will be created. Fargate only: the one CreateCluster call and its CLI
// equivalent. With EC2 capacity: every call of the plan in order (berth-core's, checked
// against AWS as it is), each call's state while it runs, and retry or roll back.
import { useEffect } from "react";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api } from "../../api";
import { createClusterCommand } from "../../lib/cli";
import { CostEstimate, useEstimate } from "../../shell/CostEstimate";
import { useEnvironment } from "../../shell/environment";
import type { StepProps } from "../../shell/wizard/StepWizard";
import { CapacityPlanRun } from "../capacity/CapacityPlanRun";
import { capacityName } from "../capacity/model";
import type { WizardModel } from "./CreateClusterWizard";
import { clusterOf } from "./model";

export function ReviewStep({ model }: StepProps<WizardModel>) {
  const { active } = useEnvironment();
  const command = createClusterCommand(clusterOf(model), active);
  const ec2 = model.capacity === "ec2";
  const { plan: p } = model;
  // A new plan for every change of the input, unless a run has started.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- loadPlan reads this input
  useEffect(() => (ec2 && !p.outcome ? p.loadPlan() : undefined), [ec2, model.capacityInput, p.outcome]);
  const estimate = useEstimate(() => api.estimateCapacity(model.capacityInput), ec2 ? JSON.stringify(model.capacityInput) : "");
  return (
    <SpaceBetween size="l">
      {ec2 ? (
        <CostEstimate estimate={estimate} testId="capacity-cost" />
      ) : (
        <Box color="text-body-secondary" data-testid="capacity-cost-fargate">
          A Fargate-only cluster costs nothing by itself: its tasks are billed per vCPU and GB while they run, as the run-task and service reviews show.
        </Box>
      )}
      <Container header={<Header variant="h2">Cluster</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: "Name", value: model.clusterName },
            { label: "Container Insights", value: model.containerInsights ? "enabled" : "disabled" },
            { label: "Tags", value: model.tags.length ? model.tags.map((t) => `${t.key}=${t.value}`).join(", ") : "none" },
            { label: "Environment", value: active ? `${active.name} (${active.region})` : "none" },
            {
              label: "Capacity",
              value: ec2
                ? `Fargate, and ${model.ec2.desiredCapacity} × ${model.ec2.instanceType} (${model.ec2.minSize}–${model.ec2.maxSize}) as capacity provider ${capacityName(model.clusterName, model.ec2)}`
                : "Fargate (add EC2 capacity later from the Infrastructure tab)",
            },
          ]}
        />
      </Container>
      {ec2 ? (
        <CapacityPlanRun plan={p} goToField={model.goToField} subject="this cluster and its capacity" />
      ) : (
        <Container
          header={
            <Header
              variant="h2"
              description="The same request through the AWS CLI."
              actions={<CopyToClipboard variant="button" textToCopy={command} copyButtonText="Copy" copySuccessText="Command copied" copyErrorText="Could not copy" />}
            >
              AWS CLI equivalent
            </Header>
          }
        >
          <Box variant="code" data-testid="cli-command">
            {command}
          </Box>
        </Container>
      )}
    </SpaceBetween>
  );
}
