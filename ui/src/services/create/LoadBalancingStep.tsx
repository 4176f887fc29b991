// Step 3: no load balancer, a new ALB (listener and a target group of the type the
// revision's network mode registers as), or an existing target group; and the container
// and port that receive the traffic.
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tiles from "@cloudscape-design/components/tiles";
import Toggle from "@cloudscape-design/components/toggle";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { CreateServiceModel, LbMode } from "./model";
import { Info } from "../../help/help";

export function LoadBalancingStep({ model: m, error }: StepProps<CreateServiceModel>) {
  const containerPicker = (
    <ColumnLayout columns={3}>
      <FormField label="Container" errorText={error("loadBalancing.containerName")}>
        <Select
          selectedOption={m.container ? { value: m.container } : null}
          placeholder="Choose a container"
          options={m.containers.map((c) => ({ value: c.name }))}
          onChange={({ detail }) => {
            m.setContainer(detail.selectedOption.value ?? "");
            m.setPort("");
          }}
        />
      </FormField>
      <FormField label="Container port" errorText={error("loadBalancing.containerPort")}>
        <Select selectedOption={m.port ? { value: m.port } : null} placeholder="Choose a port" options={m.ports.map((p) => ({ value: p }))} onChange={({ detail }) => m.setPort(detail.selectedOption.value ?? "")} empty="This container maps no ports." />
      </FormField>
      <FormField label="Health-check grace period (s)" info={<Info topic="healthCheck" />} description="How long ECS ignores failing health checks of a new task." errorText={error("healthCheckGracePeriodSeconds", true)}>
        <Input type="number" value={m.grace} onChange={({ detail }) => m.setGrace(detail.value)} />
      </FormField>
    </ColumnLayout>
  );
  const placement = error("loadBalancing.subnets") ?? error("loadBalancing.securityGroups") ?? error("loadBalancing.vpcId");
  return (
    <Container header={<Header variant="h2" description="Spread requests over the service's tasks; ECS registers each task as a target.">Load balancing</Header>}>
      <SpaceBetween size="m">
        <Tiles
          value={m.lbMode}
          onChange={({ detail }) => m.setLbMode(detail.value as LbMode)}
          items={[
            { value: "none", label: "No load balancer", description: "Tasks are reached directly, or not at all." },
            {
              value: "new",
              label: "New Application Load Balancer",
              description: m.awsvpc
                ? "An ALB, an HTTP:80 listener and a target group of type ip: each task is its own target."
                : `An ALB, an HTTP:80 listener and a target group of type instance: ${m.networkMode} tasks register as their instance and host port.`,
            },
            { value: "existing", label: "Existing target group", description: "Attach to a target group an ALB already forwards to." },
          ]}
        />
        {m.lbMode === "new" && (
          <SpaceBetween size="m">
            <ColumnLayout columns={2}>
              <FormField label="Load balancer name" errorText={error("loadBalancing.loadBalancerName", true)}>
                <Input value={m.lbName} onChange={({ detail }) => m.setLbName(detail.value)} data-testid="lb-name" />
              </FormField>
              <FormField label="Target group name" info={<Info topic="targetGroup" />} errorText={error("loadBalancing.targetGroupName", true)}>
                <Input value={m.tgName} onChange={({ detail }) => m.setTgName(detail.value)} data-testid="tg-name" />
              </FormField>
            </ColumnLayout>
            <ColumnLayout columns={2}>
              <Toggle checked={m.internetFacing} onChange={({ detail }) => m.setInternetFacing(detail.checked)} description="Off: internal, reachable only inside the VPC.">
                Internet-facing
              </Toggle>
              <FormField label="Health-check path" info={<Info topic="healthCheck" />} errorText={error("loadBalancing.healthCheckPath", true)}>
                <Input value={m.healthPath} onChange={({ detail }) => m.setHealthPath(detail.value)} />
              </FormField>
            </ColumnLayout>
            {placement && <Alert type="error">{placement} Change them on the Networking step.</Alert>}
            <Box variant="small">
              Subnets {m.net.chosenSubnets.join(", ") || "—"} and security groups {m.net.chosenGroups.join(", ") || "—"} from the Networking step.
            </Box>
            {containerPicker}
          </SpaceBetween>
        )}
        {m.lbMode === "existing" && (
          <SpaceBetween size="m">
            <ColumnLayout columns={2}>
              <FormField label="Load balancer">
                <Select
                  selectedOption={m.balancer ? { value: m.balancer, label: m.balancers.find((b) => b.loadBalancerArn === m.balancer)?.loadBalancerName } : null}
                  placeholder={m.balancers.length ? "Choose a load balancer" : "No Application Load Balancers in this region"}
                  options={m.balancers.map((b) => ({ value: b.loadBalancerArn, label: b.loadBalancerName, description: `${b.scheme} · ${b.dnsName}` }))}
                  onChange={({ detail }) => m.setBalancer(detail.selectedOption.value ?? "")}
                />
              </FormField>
              <FormField label="Target group" info={<Info topic="targetGroup" />} errorText={error("loadBalancing.targetGroupArn")}>
                <Select
                  selectedOption={m.targetGroup ? { value: m.targetGroup, label: m.targetGroups.find((t) => t.targetGroupArn === m.targetGroup)?.targetGroupName } : null}
                  placeholder="Choose a target group"
                  options={m.targetGroups.map((t) => ({ value: t.targetGroupArn, label: t.targetGroupName, description: `${t.protocol}:${t.port} · type ${t.targetType}` }))}
                  onChange={({ detail }) => m.setTargetGroup(detail.selectedOption.value ?? "")}
                />
              </FormField>
            </ColumnLayout>
            {containerPicker}
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Container>
  );
}
