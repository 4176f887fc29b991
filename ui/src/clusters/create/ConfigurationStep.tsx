// Step 1: the cluster's name and Container Insights.
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import { useResource } from "../../shell/useResource";
import { api } from "../../api";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { Model } from "./model";
import { Info } from "../../help/help";

export function ConfigurationStep({ model, update, error }: StepProps<Model>) {
  const rules = useResource(api.formRules, []);
  return (
    <Container header={<Header variant="h2">Cluster configuration</Header>}>
      <SpaceBetween size="l">
        <FormField label="Cluster name" info={<Info topic="cluster" />} constraintText={rules.data?.nameRule} errorText={error("clusterName", model.clusterName.length > 0)} data-testid="cluster-name-field">
          <Input
            value={model.clusterName}
            onChange={({ detail }) => update({ clusterName: detail.value })}
            placeholder="my-cluster"
            ariaLabel="Cluster name"
            data-testid="cluster-name"
            autoFocus
          />
        </FormField>
        <FormField
          label="Container Insights"
          description="Collects CPU, memory, network and task-count metrics per cluster, service and task into CloudWatch (billed as custom metrics)."
        >
          <Toggle checked={model.containerInsights} onChange={({ detail }) => update({ containerInsights: detail.checked })} data-testid="container-insights">
            Use Container Insights
          </Toggle>
        </FormField>
      </SpaceBetween>
    </Container>
  );
}
