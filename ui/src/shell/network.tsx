// Where awsvpc tasks go: a VPC, its subnets and security groups (from EC2's describe
// calls) and the public IP switch, shared by the run-task and create-service wizards.
import { useEffect, useState, type ReactNode } from "react";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import { api, type SecurityGroup, type Subnet, type Vpc } from "../api";
import { useEnvironment } from "./environment";

/** The default VPC first, its first two subnets and its default security group chosen. */
export function useNetworkChoices() {
  const { active } = useEnvironment();
  const [vpcs, setVpcs] = useState<Vpc[]>([]);
  const [vpc, setVpc] = useState("");
  const [subnets, setSubnets] = useState<Subnet[]>([]);
  const [groups, setGroups] = useState<SecurityGroup[]>([]);
  const [chosenSubnets, setChosenSubnets] = useState<string[]>([]);
  const [chosenGroups, setChosenGroups] = useState<string[]>([]);
  const [publicIp, setPublicIp] = useState(true);

  useEffect(() => {
    api.listVpcs().then((v) => {
      setVpcs(v);
      setVpc((cur) => cur || v[0]?.vpcId || "");
    }, () => setVpcs([]));
  }, [active?.id, active?.region]);
  useEffect(() => {
    if (!vpc) return;
    api.listSubnets(vpc).then((s) => {
      setSubnets(s);
      setChosenSubnets(s.slice(0, 2).map((x) => x.subnetId));
    }, () => setSubnets([]));
    api.listSecurityGroups(vpc).then((g) => {
      setGroups(g);
      setChosenGroups(g.filter((x) => x.groupName === "default").map((x) => x.groupId));
    }, () => setGroups([]));
  }, [vpc]);

  return { vpcs, vpc, setVpc, subnets, groups, chosenSubnets, setChosenSubnets, chosenGroups, setChosenGroups, publicIp, setPublicIp };
}

export type NetworkChoices = ReturnType<typeof useNetworkChoices>;

interface Props {
  choices: NetworkChoices;
  /** The revision's network mode; undefined while no revision is chosen. */
  networkMode: string | undefined;
  subnetsDescription?: ReactNode;
  subnetsError?: string;
  groupsDescription?: ReactNode;
  groupsError?: string;
  /**
   * Whose network this is: awsvpc tasks (the default); EC2 instances; or only a new load
   * balancer's, when bridge or host tasks use their instance's network. Only tasks get
   * the public IP switch.
   */
  target?: "tasks" | "instances" | "loadBalancer";
}

const HEADINGS = {
  tasks: "awsvpc: each task gets its own network interface in one of these subnets.",
  instances: "The instances launch in these subnets, balanced across their Availability Zones.",
  loadBalancer: "The new load balancer's subnets and security groups. The tasks use their container instance's network.",
};

/** The networking step: the awsvpc fields, or why the revision needs none. */
export function NetworkStep({ choices: c, networkMode, subnetsDescription, subnetsError, groupsDescription, groupsError, target = "tasks" }: Props) {
  if (networkMode !== "awsvpc" && target === "tasks") {
    return (
      <Container>
        <Box>{networkMode !== undefined ? `This revision uses network mode ${networkMode || "bridge"}; tasks use their container instance's network.` : "Pick a task definition first."}</Box>
      </Container>
    );
  }
  return (
    <Container
      header={
        <Header variant="h2" description={HEADINGS[target]}>
          Networking
        </Header>
      }
    >
      <SpaceBetween size="m">
        <FormField label="VPC">
          <Select selectedOption={c.vpc ? { value: c.vpc, label: c.vpc } : null} options={c.vpcs.map((v) => ({ value: v.vpcId, label: v.vpcId, description: `${v.cidrBlock}${v.isDefault ? " · default" : ""}${v.name ? ` · ${v.name}` : ""}` }))} onChange={({ detail }) => c.setVpc(detail.selectedOption.value ?? "")} />
        </FormField>
        <FormField label="Subnets" description={subnetsDescription} errorText={subnetsError}>
          <Multiselect
            selectedOptions={c.chosenSubnets.map((s) => ({ value: s, label: s }))}
            options={c.subnets.map((s) => ({ value: s.subnetId, label: s.subnetId, description: `${s.availabilityZone} · ${s.cidrBlock} · ${s.availableIpAddressCount} IPs free` }))}
            onChange={({ detail }) => c.setChosenSubnets(detail.selectedOptions.map((o) => o.value ?? ""))}
            placeholder="Choose subnets"
          />
        </FormField>
        <FormField label="Security groups" description={groupsDescription} errorText={groupsError}>
          <Multiselect
            selectedOptions={c.chosenGroups.map((g) => ({ value: g, label: g }))}
            options={c.groups.map((g) => ({ value: g.groupId, label: g.groupId, description: `${g.groupName} · ${g.description}` }))}
            onChange={({ detail }) => c.setChosenGroups(detail.selectedOptions.map((o) => o.value ?? ""))}
            placeholder="Choose security groups"
          />
        </FormField>
        {target === "tasks" && (
        <Toggle checked={c.publicIp} onChange={({ detail }) => c.setPublicIp(detail.checked)} description="Needed in a public subnet to pull images without a NAT gateway.">
          Assign a public IP
        </Toggle>
        )}
      </SpaceBetween>
    </Container>
  );
}
