// Step 1: which cluster, which revision, how it launches and how many.
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
import type { RunTaskModel } from "./model";
import { Info } from "../../help/help";

export function TaskStep({ model: m, error }: StepProps<RunTaskModel>) {
  const compat = m.what.compatibilities;
  const providers = m.what.clusters.find((c) => c.clusterName === m.cluster)?.capacityProviders ?? [];
  const launchOptions = [
    ...["FARGATE", "EC2"].map((v) => ({ value: v, label: v, disabled: !compat.includes(v) })),
    ...providers.map((p) => ({ value: `provider:${p}`, label: `Capacity provider ${p}`, disabled: !compat.includes(p.startsWith("FARGATE") ? "FARGATE" : "EC2") })),
  ];
  return (
    <Container header={<Header variant="h2">What to run</Header>}>
      <SpaceBetween size="m">
        <WhatRunsFields what={m.what} error={error} testId="run" />
        <ColumnLayout columns={2}>
          <FormField label="Launch type or capacity provider" info={<Info topic="fargateVsEc2" />} errorText={error("launchType") ?? error("capacityProvider")}>
            <Select
              selectedOption={launchOptions.find((o) => o.value === m.launchType) ?? { value: m.launchType }}
              options={launchOptions}
              onChange={({ detail }) => m.setLaunchType(detail.selectedOption.value ?? "FARGATE")}
              data-testid="run-launch-type"
            />
          </FormField>
          <FormField
            label="Number of tasks" info={<Info topic="task" />}
            constraintText={`RunTask starts at most 10 a call, so this is ${m.calls} call${m.calls === 1 ? "" : "s"}.`}
            errorText={m.countIsWhole ? error("count", true) : "A whole number."}
          >
            <Input type="number" value={m.count} onChange={({ detail }) => m.setCount(detail.value)} data-testid="run-count" />
          </FormField>
        </ColumnLayout>
        {m.onEc2 && <PlacementFields choices={m.placement} defaultLabel="random for RunTask" error={error} testId="run" />}
      </SpaceBetween>
    </Container>
  );
}
