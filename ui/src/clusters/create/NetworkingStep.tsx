// Step 3: where the instances launch (EC2 capacity only; Fargate tasks choose their
// network when they run).
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import { NetworkStep } from "../../shell/network";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { WizardModel } from "./CreateClusterWizard";

export function NetworkingStep({ model, error }: StepProps<WizardModel>) {
  if (model.capacity !== "ec2") {
    return (
      <Container>
        <Box>Fargate tasks choose their VPC, subnets and security groups when they run; the cluster itself needs no network.</Box>
      </Container>
    );
  }
  return <NetworkStep choices={model.net} networkMode="awsvpc" target="instances" subnetsError={error("subnets", true)} groupsError={error("securityGroups", true)} />;
}
