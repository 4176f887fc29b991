// Step 1: the cluster, the revision, the service's name, its compute and desired count.
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { PlacementFields } from "../../shell/placement";
import { WhatRunsFields } from "../../shell/whatRuns";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { Compute, CreateServiceModel, StrategyRow } from "./model";
import { Info } from "../../help/help";

export function WhatStep({ model: m, error }: StepProps<CreateServiceModel>) {
  const compat = m.what.compatibilities;
  const row = (i: number, change: Partial<StrategyRow>) => m.setStrategy((all) => all.map((x, j) => (j === i ? { ...x, ...change } : x)));
  return (
    <Container header={<Header variant="h2">What runs</Header>}>
      <SpaceBetween size="m">
        <WhatRunsFields what={m.what} error={error} testId="service" revisionDescription="The latest active revision is chosen for you." />
        <FormField label="Service name" info={<Info topic="service" />} constraintText="Unique in the cluster." errorText={error("serviceName", m.serviceName.length > 0)}>
          <Input value={m.serviceName} onChange={({ detail }) => m.setName(detail.value)} data-testid="service-name" />
        </FormField>
        <ColumnLayout columns={2}>
          <FormField label="Compute" info={<Info topic="fargateVsEc2" />} description="A launch type, or the cluster's capacity providers with weights." errorText={error("launchType")}>
            <Select
              selectedOption={{ value: m.compute, label: m.compute === "STRATEGY" ? "Capacity provider strategy" : m.compute }}
              options={[
                ...["FARGATE", "EC2"].map((v) => ({ value: v, label: v, disabled: !compat.includes(v) })),
                { value: "STRATEGY", label: "Capacity provider strategy", disabled: m.providers.length === 0, description: m.providers.length ? m.providers.join(", ") : "This cluster has no capacity providers" },
              ]}
              onChange={({ detail }) => {
                const value = (detail.selectedOption.value ?? "FARGATE") as Compute;
                m.setCompute(value);
                if (value === "STRATEGY" && m.strategy.length === 0) m.setStrategy([{ capacityProvider: m.providers[0] ?? "", weight: "1", base: "0" }]);
              }}
              data-testid="service-compute"
            />
          </FormField>
          <FormField label="Desired tasks" info={<Info topic="desiredCount" />} errorText={error("desiredCount", true)}>
            <Input type="number" value={m.desired} onChange={({ detail }) => m.setDesired(detail.value)} data-testid="service-desired" />
          </FormField>
        </ColumnLayout>
        {m.compute === "STRATEGY" && (
          <FormField label="Capacity provider strategy" description={m.strategy.length === 0 ? "None listed: the cluster's default strategy applies." : undefined} errorText={error("capacityProviderStrategy", true)}>
            <AttributeEditor
              items={m.strategy}
              addButtonText="Add capacity provider"
              removeButtonText="Remove"
              empty="No capacity providers."
              onAddButtonClick={() => m.setStrategy((all) => [...all, { capacityProvider: m.providers.find((p) => !all.some((x) => x.capacityProvider === p)) ?? "", weight: "1", base: "0" }])}
              onRemoveButtonClick={({ detail }) => m.setStrategy((all) => all.filter((_, i) => i !== detail.itemIndex))}
              definition={[
                {
                  label: "Capacity provider",
                  control: (item, i) => <Select selectedOption={item.capacityProvider ? { value: item.capacityProvider } : null} options={m.providers.map((p) => ({ value: p }))} onChange={({ detail }) => row(i, { capacityProvider: detail.selectedOption.value ?? "" })} />,
                  errorText: (_, i) => error(`capacityProviderStrategy[${i}].capacityProvider`, true),
                },
                { label: "Weight", control: (item, i) => <Input type="number" value={item.weight} onChange={({ detail }) => row(i, { weight: detail.value })} />, errorText: (_, i) => error(`capacityProviderStrategy[${i}].weight`, true) },
                { label: "Base", control: (item, i) => <Input type="number" value={item.base} onChange={({ detail }) => row(i, { base: detail.value })} />, errorText: (_, i) => error(`capacityProviderStrategy[${i}].base`, true) },
              ]}
            />
          </FormField>
        )}
        {m.onEc2 && <PlacementFields choices={m.placement} defaultLabel="spread across zones, then instances" error={error} testId="service" />}
      </SpaceBetween>
    </Container>
  );
}
