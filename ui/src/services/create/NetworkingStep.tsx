// Step 2: the awsvpc network (a new load balancer uses the same subnets and groups); for
// bridge and host revisions, only a new load balancer's.
import { NetworkStep } from "../../shell/network";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { CreateServiceModel } from "./model";

export function NetworkingStep({ model: m, error }: StepProps<CreateServiceModel>) {
  const loadBalancerOnly = m.described !== null && !m.awsvpc && m.lbMode === "new";
  return (
    <NetworkStep
      choices={m.net}
      networkMode={m.described ? String(m.described.taskDefinition.networkMode ?? "") : undefined}
      target={loadBalancerOnly ? "loadBalancer" : "tasks"}
      subnetsDescription="A new load balancer uses these too; it needs two Availability Zones."
      subnetsError={error("subnets", true) ?? (loadBalancerOnly ? error("loadBalancing.subnets", true) : undefined)}
      groupsError={error("securityGroups", true) ?? (loadBalancerOnly ? error("loadBalancing.securityGroups", true) : undefined)}
    />
  );
}
