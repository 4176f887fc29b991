// Step 2: Fargate only, or Fargate plus EC2 instances in an Auto Scaling group.
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tiles from "@cloudscape-design/components/tiles";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import type { StepProps } from "../../shell/wizard/StepWizard";
import { CapacityFields } from "../capacity/CapacityFields";
import type { WizardModel } from "./CreateClusterWizard";
import type { CapacityChoice } from "./model";

export function CapacityStep({ model, update, error }: StepProps<WizardModel>) {
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Infrastructure</Header>}>
        <Tiles
          value={model.capacity}
          onChange={({ detail }) => update({ capacity: detail.value as CapacityChoice })}
          items={[
            { value: "fargate", label: "AWS Fargate only", description: "Serverless: each task gets its own capacity; nothing to manage or pay for while no task runs." },
            {
              value: "ec2",
              label: "Fargate and EC2 instances",
              description: "Adds an Auto Scaling group of ECS-optimized instances as the default capacity provider; you pay for the instances while they run.",
            },
          ]}
          data-testid="capacity-choice"
        />
      </Container>
      {model.capacity === "ec2" && <CapacityFields cluster={model.clusterName} ec2={model.ec2} change={(c) => update((m) => ({ ec2: { ...m.ec2, ...c } }))} error={error} />}
    </SpaceBetween>
  );
}
