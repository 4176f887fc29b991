// Step 4: how a new revision replaces running tasks (rolling, or a traffic shift between
// two target groups with its hooks), and auto scaling by target tracking or by steps.
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import type { StepProps } from "../../shell/wizard/StepWizard";
import { METRICS, type CreateServiceModel } from "./model";
import { Info } from "../../help/help";
import { StrategyEditor } from "../StrategyEditor";

/** The strategy's errors as berth-core names them (unprefixed, as the update dialog gets them). */
function strategyErrors(error: StepProps<CreateServiceModel>["error"]): Record<string, string> {
  const fields = ["strategy", "alternateTargetGroupArn", "productionListenerRule", "testListenerRule", "roleArn", "bakeTimeInMinutes", "stepPercent", "stepBakeTimeInMinutes", "canaryPercent", "canaryBakeTimeInMinutes", ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => ["stages", "functionArn", "roleArn", "timeoutMinutes", "timeoutAction", "targetType"].map((f) => `hooks[${i}].${f}`))];
  const out: Record<string, string> = {};
  for (const f of fields) {
    const e = error(f, true);
    if (e) out[f] = e;
  }
  return out;
}

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
      <StrategyEditor
        target={{ targetGroupArn: m.lbMode === "existing" ? m.targetGroup || null : null, madeByPlan: m.lbMode === "new" ? m.tgName : null }}
        value={m.shift}
        errors={strategyErrors(error)}
        onChange={m.setShift}
        onNotNumbers={m.setShiftNotNumbers}
      />
      <Container header={<Header variant="h2" description="Application Auto Scaling changes the desired count: to hold a metric at a target, or by steps when an alarm on it fires.">Service auto scaling</Header>}>
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
              <SegmentedControl
                label="Policy"
                selectedId={m.scalingKind}
                options={[
                  { id: "target", text: "Target tracking" },
                  { id: "step", text: "Step scaling" },
                ]}
                onChange={({ detail }) => {
                  m.setScalingKind(detail.selectedId as "target" | "step");
                  if (detail.selectedId === "step" && m.metric === "AlbRequests") m.setMetric("Cpu");
                }}
                data-testid="scaling-kind"
              />
              <ColumnLayout columns={2}>
                <FormField label="Metric" info={<Info topic="scalingPolicy" />} errorText={error("autoScaling.metric", true)}>
                  <Select
                    selectedOption={METRICS.find((x) => x.value === m.metric) ?? null}
                    options={METRICS.map((x) => ({ ...x, disabled: x.value === "AlbRequests" && (m.lbMode === "none" || m.scalingKind === "step") }))}
                    onChange={({ detail }) => {
                      const chosen = METRICS.find((x) => x.value === detail.selectedOption.value);
                      if (chosen) {
                        m.setMetric(chosen.value);
                        m.setTarget(chosen.target);
                      }
                    }}
                  />
                </FormField>
                {m.scalingKind === "target" ? (
                  <FormField label="Target value" errorText={error("autoScaling.targetValue", true)}>
                    <Input type="number" value={m.target} onChange={({ detail }) => m.setTarget(detail.value)} data-testid="scaling-target" />
                  </FormField>
                ) : (
                  <FormField label="Alarm period (minutes)" description="Every one-minute average in it must be past the threshold." errorText={error("autoScaling.steps.evaluationMinutes", true)}>
                    <Input type="number" value={m.evalMinutes} onChange={({ detail }) => m.setEvalMinutes(detail.value)} data-testid="step-minutes" />
                  </FormField>
                )}
              </ColumnLayout>
              {m.scalingKind === "step" && (
                <ColumnLayout columns={4} data-testid="step-scaling">
                  <FormField label="Scale out at (%)" description="Alarm when at or above." errorText={error("autoScaling.steps.scaleOutThreshold", true)}>
                    <Input type="number" value={m.outThreshold} onChange={({ detail }) => m.setOutThreshold(detail.value)} data-testid="step-out-threshold" />
                  </FormField>
                  <FormField label="Add tasks" errorText={error("autoScaling.steps.scaleOutBy", true)}>
                    <Input type="number" value={m.outBy} onChange={({ detail }) => m.setOutBy(detail.value)} data-testid="step-out-by" />
                  </FormField>
                  <FormField label="Scale in at (%)" description="Alarm when at or below." errorText={error("autoScaling.steps.scaleInThreshold", true)}>
                    <Input type="number" value={m.inThreshold} onChange={({ detail }) => m.setInThreshold(detail.value)} data-testid="step-in-threshold" />
                  </FormField>
                  <FormField label="Remove tasks" errorText={error("autoScaling.steps.scaleInBy", true)}>
                    <Input type="number" value={m.inBy} onChange={({ detail }) => m.setInBy(detail.value)} data-testid="step-in-by" />
                  </FormField>
                </ColumnLayout>
              )}
            </>
          )}
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}
