// Step 4: how a new revision replaces running tasks, and target-tracking auto scaling.
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import type { StepProps } from "../../shell/wizard/StepWizard";
import { METRICS, type CreateServiceModel } from "./model";
import { Info } from "../../help/help";

export function DeploymentStep({ model: m, error }: StepProps<CreateServiceModel>) {
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2" description="How a new revision replaces running tasks.">Deployment</Header>}>
        <SpaceBetween size="m">
          <ColumnLayout columns={2}>
            <FormField label="Minimum healthy percent" info={<Info topic="deploymentPercents" />} description="Of the desired count, kept running during a deployment." errorText={error("minimumHealthyPercent", true)}>
              <Input type="number" value={m.minHealthy} onChange={({ detail }) => m.setMinHealthy(detail.value)} />
            </FormField>
            <FormField label="Maximum percent" info={<Info topic="deploymentPercents" />} description="Of the desired count, allowed to run during a deployment." errorText={error("maximumPercent", true)}>
              <Input type="number" value={m.maxPercent} onChange={({ detail }) => m.setMaxPercent(detail.value)} />
            </FormField>
          </ColumnLayout>
          <Toggle
            checked={m.breaker}
            onChange={({ detail }) => {
              m.setBreaker(detail.checked);
              if (!detail.checked) m.setRollback(false);
            }}
            description="Stops a deployment whose tasks keep failing to start."
          >
            Deployment circuit breaker
          </Toggle>
          <FormField errorText={error("rollback", true)}>
            <Toggle checked={m.rollback} onChange={({ detail }) => m.setRollback(detail.checked)} description="Returns to the last deployment that completed.">
              Roll back on failure
            </Toggle>
          </FormField>
        </SpaceBetween>
      </Container>
      <Container header={<Header variant="h2" description="Application Auto Scaling changes the desired count to hold a metric at its target.">Service auto scaling</Header>}>
        <SpaceBetween size="m">
          <Toggle checked={m.scalingOn} onChange={({ detail }) => m.setScalingOn(detail.checked)} data-testid="scaling-on">
            Scale the desired count with load
          </Toggle>
          {m.scalingOn && (
            <>
              <ColumnLayout columns={3}>
                <FormField label="Minimum tasks" errorText={error("autoScaling.minCapacity", true)}>
                  <Input type="number" value={m.minTasks} onChange={({ detail }) => m.setMinTasks(detail.value)} data-testid="scaling-min" />
                </FormField>
                <FormField label="Maximum tasks" errorText={error("autoScaling.maxCapacity", true)}>
                  <Input type="number" value={m.maxTasks} onChange={({ detail }) => m.setMaxTasks(detail.value)} data-testid="scaling-max" />
                </FormField>
                <FormField label="Cooldown (s)" description="Between scaling actions." errorText={error("autoScaling.scaleInCooldown", true)}>
                  <Input type="number" value={m.cooldown} onChange={({ detail }) => m.setCooldown(detail.value)} />
                </FormField>
              </ColumnLayout>
              <ColumnLayout columns={2}>
                <FormField label="Metric" info={<Info topic="scalingPolicy" />} errorText={error("autoScaling.metric", true)}>
                  <Select
                    selectedOption={METRICS.find((x) => x.value === m.metric) ?? null}
                    options={METRICS.map((x) => ({ ...x, disabled: x.value === "AlbRequests" && m.lbMode === "none" }))}
                    onChange={({ detail }) => {
                      const chosen = METRICS.find((x) => x.value === detail.selectedOption.value);
                      if (chosen) {
                        m.setMetric(chosen.value);
                        m.setTarget(chosen.target);
                      }
                    }}
                  />
                </FormField>
                <FormField label="Target value" errorText={error("autoScaling.targetValue", true)}>
                  <Input type="number" value={m.target} onChange={({ detail }) => m.setTarget(detail.value)} data-testid="scaling-target" />
                </FormField>
              </ColumnLayout>
            </>
          )}
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}
