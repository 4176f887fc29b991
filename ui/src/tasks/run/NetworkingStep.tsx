// Step 2: the awsvpc network, when the revision uses it.
import { NetworkStep } from "../../shell/network";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { RunTaskModel } from "./model";

export function NetworkingStep({ model: m, error }: StepProps<RunTaskModel>) {
  return (
    <NetworkStep
      choices={m.net}
      networkMode={m.described ? String(m.described.taskDefinition.networkMode ?? "") : undefined}
      subnetsError={error("subnets", true)}
      groupsError={error("securityGroups", true)}
      groupsDescription="Without one, the VPC's default group applies."
    />
  );
}
