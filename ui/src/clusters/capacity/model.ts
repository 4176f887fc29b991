// EC2 capacity as the wizards hold it: the user's choices as text (numbers are read here,
// their ranges are berth-core's), the NewCapacity they make, and the plan run with its
// outcome (plan, run, retry, roll back) on the shared plan machinery.
import { api, type CapacityCreated, type CapacityOutcome, type NewCapacity, type NewCluster } from "../../api";
import type { NetworkChoices } from "../../shell/network";
import { usePlanRun } from "../../shell/usePlanRun";
import { parsed } from "../../services/create/model";

export interface Ec2Choices {
  name: string;
  nameEdited: boolean;
  instanceType: string;
  minSize: string;
  desiredCapacity: string;
  maxSize: string;
  instanceProfileArn: string;
  keyName: string;
  targetCapacity: string;
  managedTerminationProtection: boolean;
}

export const INITIAL_EC2: Ec2Choices = {
  name: "",
  nameEdited: false,
  instanceType: "t3.micro",
  minSize: "0",
  desiredCapacity: "2",
  maxSize: "4",
  instanceProfileArn: "",
  keyName: "",
  targetCapacity: "100",
  managedTerminationProtection: true,
};

export const NOTHING: CapacityCreated = { clusterArn: null, launchTemplateId: null, autoScalingGroupArn: null, capacityProviderArn: null, associated: false };

/** The provider's name follows the cluster's until typed. */
export function capacityName(cluster: string, ec2: Ec2Choices): string {
  return ec2.nameEdited ? ec2.name : cluster ? `${cluster}-asg` : "";
}

/** Text that is not a whole number, by field: the form's own finding. */
export function notNumbers(ec2: Ec2Choices): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, text] of [
    ["minSize", ec2.minSize],
    ["desiredCapacity", ec2.desiredCapacity],
    ["maxSize", ec2.maxSize],
    ["targetCapacity", ec2.targetCapacity],
  ] as const) {
    if (parsed(text) === null) out[field] = "A whole number.";
  }
  return out;
}

export function toCapacity(cluster: string, ec2: Ec2Choices, net: NetworkChoices, clientToken: string, newCluster: NewCluster | null): NewCapacity {
  const num = (t: string) => parsed(t) ?? 0;
  return {
    cluster,
    newCluster,
    name: capacityName(cluster, ec2),
    instanceType: ec2.instanceType,
    minSize: num(ec2.minSize),
    desiredCapacity: num(ec2.desiredCapacity),
    maxSize: num(ec2.maxSize),
    subnets: net.chosenSubnets,
    securityGroups: net.chosenGroups,
    keyName: ec2.keyName.trim() ? ec2.keyName.trim() : null,
    instanceProfileArn: ec2.instanceProfileArn,
    targetCapacity: num(ec2.targetCapacity),
    managedTerminationProtection: ec2.managedTerminationProtection,
    clientToken,
  };
}

/** The capacity plan for `input`, and its run. */
export function useCapacityPlan(input: NewCapacity) {
  return usePlanRun<CapacityCreated, CapacityOutcome>({
    plan: () => api.planCapacity(input),
    execute: (created) => api.createCapacity(input, created),
    rollBack: (created) => api.rollBackCapacity(input, created),
  });
}

export type CapacityPlan = ReturnType<typeof useCapacityPlan>;
