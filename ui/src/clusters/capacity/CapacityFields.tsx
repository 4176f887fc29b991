// The EC2 capacity form shared by the cluster wizard and "Add EC2 capacity": instance type
// (from DescribeInstanceTypes, with size, architecture, free tier and price), instance
// counts, the instance role (picker, or create ecsInstanceRole), key pair and managed
// scaling. The ECS-optimized AMI follows the type's architecture.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Toggle from "@cloudscape-design/components/toggle";
import { api, type EcsAmi, type InstanceTypeChoice, type InstanceTypes } from "../../api";
import { RolePicker } from "../../shell/RolePicker";
import { useEnvironment } from "../../shell/environment";
import { capacityName, type Ec2Choices } from "./model";
import { Info } from "../../help/help";

export function typeDescription(t: InstanceTypeChoice): string {
  const memory = t.memoryMib >= 1024 ? `${t.memoryMib / 1024} GiB` : `${t.memoryMib} MiB`;
  const price = t.pricePerHour !== null ? `$${t.pricePerHour.toFixed(4)}/hour` : "price not known for this region";
  return `${t.vcpus} vCPU · ${memory} · ${t.architecture} · ${price}${t.freeTier ? " · free tier eligible" : ""}`;
}

export function CapacityFields({
  cluster,
  ec2,
  change,
  error,
}: {
  cluster: string;
  ec2: Ec2Choices;
  change: (c: Partial<Ec2Choices>) => void;
  error: (field: string, typed?: boolean) => string | undefined;
}) {
  const { active } = useEnvironment();
  const [types, setTypes] = useState<InstanceTypes | null>(null);
  const [ami, setAmi] = useState<EcsAmi | null>(null);
  const [amiError, setAmiError] = useState<string | null>(null);
  useEffect(() => {
    api.listInstanceTypes().then(setTypes, () => setTypes({ types: [], pricesAsOf: null }));
  }, [active?.id, active?.region]);
  const chosen = types?.types.find((t) => t.name === ec2.instanceType);
  const architecture = chosen?.architecture ?? "x86_64";
  useEffect(() => {
    setAmi(null);
    setAmiError(null);
    api.ecsAmi(architecture).then(setAmi, (e: { message?: string }) => setAmiError(e.message ?? "could not read the AMI parameter"));
  }, [architecture, active?.id, active?.region]);

  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2" description="An Auto Scaling group of ECS-optimized instances, registered to the cluster as a capacity provider with managed scaling.">EC2 instances</Header>}>
        <SpaceBetween size="l">
          <FormField
            label="Instance type"
            description={types?.pricesAsOf ? `On-demand Linux prices as of ${types.pricesAsOf}.` : "Prices are not known for this region."}
            errorText={error("instanceType", true)}
          >
            <Select
              selectedOption={chosen ? { value: chosen.name, label: chosen.name, description: typeDescription(chosen) } : ec2.instanceType ? { value: ec2.instanceType, label: ec2.instanceType } : null}
              options={(types?.types ?? []).map((t) => ({ value: t.name, label: t.name, description: typeDescription(t), tags: t.freeTier ? ["free tier"] : undefined }))}
              onChange={({ detail }) => change({ instanceType: detail.selectedOption.value ?? "" })}
              statusType={types === null ? "loading" : "finished"}
              filteringType="auto"
              data-testid="instance-type"
            />
          </FormField>
          <Box variant="small" data-testid="ecs-ami">
            {ami ? (
              <StatusIndicator type="success">
                AMI {ami.imageId} ({ami.imageName}), from {ami.parameter}
              </StatusIndicator>
            ) : amiError ? (
              <StatusIndicator type="error">{amiError}</StatusIndicator>
            ) : (
              <StatusIndicator type="loading">Reading the ECS-optimized AMI for {architecture}</StatusIndicator>
            )}
          </Box>
          <ColumnLayout columns={3}>
            <FormField label="Minimum" errorText={error("minSize", true)}>
              <Input value={ec2.minSize} inputMode="numeric" onChange={({ detail }) => change({ minSize: detail.value })} data-testid="min-size" />
            </FormField>
            <FormField label="Desired" info={<Info topic="containerInstance" />} errorText={error("desiredCapacity", true)}>
              <Input value={ec2.desiredCapacity} inputMode="numeric" onChange={({ detail }) => change({ desiredCapacity: detail.value })} data-testid="desired-capacity" />
            </FormField>
            <FormField label="Maximum" errorText={error("maxSize", true)}>
              <Input value={ec2.maxSize} inputMode="numeric" onChange={({ detail }) => change({ maxSize: detail.value })} data-testid="max-size" />
            </FormField>
          </ColumnLayout>
          <FormField
            label="Instance role"
            description="The ECS agent on each instance registers it with this role (trusted by ec2.amazonaws.com, with AmazonEC2ContainerServiceforEC2Role)."
            errorText={error("instanceProfileArn")}
          >
            <RolePicker purpose="instance" value={ec2.instanceProfileArn} onChange={(v) => change({ instanceProfileArn: v })} testId="instance-role" />
          </FormField>
          <FormField label="Key pair" description="Optional: for SSH to the instances." errorText={error("keyName", true)}>
            <Input value={ec2.keyName} onChange={({ detail }) => change({ keyName: detail.value })} placeholder="none" data-testid="key-name" />
          </FormField>
        </SpaceBetween>
      </Container>
      <Container header={<Header variant="h2" description="ECS publishes CapacityProviderReservation and moves the group's desired count to keep it at the target.">Capacity provider</Header>}>
        <SpaceBetween size="l">
          <FormField label="Name" description="The launch template and the Auto Scaling group get the same name." errorText={error("name", true)}>
            <Input value={capacityName(cluster, ec2)} onChange={({ detail }) => change({ name: detail.value, nameEdited: true })} data-testid="capacity-name" />
          </FormField>
          <FormField label="Target capacity (%)" description="100 keeps instances full; lower leaves spare room for tasks to start at once." errorText={error("targetCapacity", true)}>
            <Input value={ec2.targetCapacity} inputMode="numeric" onChange={({ detail }) => change({ targetCapacity: detail.value })} data-testid="target-capacity" />
          </FormField>
          <Toggle
            checked={ec2.managedTerminationProtection}
            onChange={({ detail }) => change({ managedTerminationProtection: detail.checked })}
            description="Scale-in never terminates an instance that runs tasks (the group protects new instances from scale in)."
          >
            Managed termination protection
          </Toggle>
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}
