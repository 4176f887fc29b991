// Step 2: the awsvpc network (a new load balancer uses the same subnets and groups).
import { NetworkStep } from "../../shell/network";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { CreateServiceModel } from "./model";

export function NetworkingStep({ model: m, error }: StepProps<CreateServiceModel>) {
  return (
    <NetworkStep
      choices={m.net}
      networkMode={m.described ? String(m.described.taskDefinition.networkMode ?? "") : undefined}
      subnetsDescription="A new load balancer uses these too; it needs two Availability Zones."
      subnetsError={error("subnets", true)}
      groupsError={error("securityGroups", true)}
    />
  );
}
