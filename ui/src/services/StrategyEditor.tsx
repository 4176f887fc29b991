// How the service deploys: rolling, or shifting traffic between two target groups
// (blue/green all at once, linear in steps, canary then the rest), with bake times and
// lifecycle hooks: a pause that waits for a person, or a Lambda function. The load
// balancer pieces a shift needs are picked from what exists or made here. berth-core
// checks every field (the errors come in from the dialog's form check).
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type ApiError, type LifecycleHook, type Service, type ShiftChoices, type StrategySettings } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { RolePicker } from "../shell/RolePicker";
import { useAction } from "../shell/useAction";

const STRATEGIES = [
  { id: "ROLLING", text: "Rolling" },
  { id: "BLUE_GREEN", text: "Blue/green" },
  { id: "LINEAR", text: "Linear" },
  { id: "CANARY", text: "Canary" },
];
const STAGES = ["PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME"];
const option = (value: string) => ({ value, label: value });
const NO_TEST = { value: "", label: "No test listener rule" };

export function StrategyEditor({ service, value, errors, onChange }: { service: Service; value: StrategySettings; errors: Record<string, string>; onChange: (s: StrategySettings) => void }) {
  const [choices, setChoices] = useState<ShiftChoices | null>(null);
  const [choicesError, setChoicesError] = useState<ApiError | null>(null);
  const making = useAction();
  const shifting = value.strategy !== "ROLLING";
  const balanced = service.loadBalancers.length > 0;
  const set = (change: Partial<StrategySettings>) => onChange({ ...value, ...change });
  const reload = () => api.strategyChoices(service.clusterName, service.serviceName).then(setChoices, (e) => setChoicesError(toApiError(e)));
  useEffect(() => {
    if (shifting && balanced && !choices) void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shifting, balanced]);
  const num = (text: string) => (text.trim() === "" || Number.isNaN(Number(text)) ? 0 : Number(text));
  const hook = (i: number, change: Partial<LifecycleHook>) => set({ hooks: value.hooks.map((h, j) => (j === i ? { ...h, ...change } : h)) });
  const label = (arn: string | null, list: { arn: string; label: string }[] | undefined) => list?.find((c) => c.arn === arn)?.label ?? arn?.split("/").slice(-2).join("/") ?? "";

  return (
    <Container header={<Header variant="h3" description="Rolling replaces tasks in place; the others start the new revision beside the old behind a second target group and move traffic to it.">Deployment strategy</Header>} data-testid="strategy">
      <SpaceBetween size="m">
        <FormField errorText={errors.strategy} description={balanced ? undefined : "Blue/green, linear and canary need the service behind a load balancer."}>
          <SegmentedControl selectedId={value.strategy} options={STRATEGIES.map((s) => ({ ...s, disabled: s.id !== "ROLLING" && !balanced }))} onChange={({ detail }) => set({ strategy: detail.selectedId })} label="Strategy" data-testid="strategy-choice" />
        </FormField>
        {shifting && (
          <>
            {choicesError && <ErrorAlert error={choicesError} header="Could not read the load balancer's target groups and rules" />}
            {making.error && <ErrorAlert error={making.error} header="Could not make it" />}
            <ColumnLayout columns={2}>
              <FormField label="Alternate target group" description="Green's tasks register here while blue keeps serving." errorText={errors.alternateTargetGroupArn}>
                <SpaceBetween size="xs">
                  <Select
                    selectedOption={value.alternateTargetGroupArn ? { value: value.alternateTargetGroupArn, label: label(value.alternateTargetGroupArn, choices?.alternates) } : null}
                    options={(choices?.alternates ?? []).map((c) => ({ value: c.arn, label: c.label }))}
                    onChange={({ detail }) => set({ alternateTargetGroupArn: detail.selectedOption.value ?? null })}
                    placeholder="Choose a target group"
                    data-testid="alternate-target-group"
                  />
                  <Button loading={making.busy} onClick={() => void making.run(async () => {
                    const made = await api.createAlternateTargetGroup(service.clusterName, service.serviceName);
                    await reload();
                    set({ alternateTargetGroupArn: made.arn });
                  })} data-testid="create-alternate">Create one like the service's</Button>
                </SpaceBetween>
              </FormField>
              <FormField label="Production listener rule" description="ECS moves this rule's traffic from blue to green." errorText={errors.productionListenerRule}>
                <SpaceBetween size="xs">
                  <Select
                    selectedOption={value.productionListenerRule ? { value: value.productionListenerRule, label: label(value.productionListenerRule, choices?.rules) } : null}
                    options={(choices?.rules ?? []).map((c) => ({ value: c.arn, label: c.label }))}
                    onChange={({ detail }) => set({ productionListenerRule: detail.selectedOption.value ?? null })}
                    placeholder="Choose a rule"
                    data-testid="production-rule"
                  />
                  <Button loading={making.busy} onClick={() => void making.run(async () => {
                    const [production, test] = await api.createListenerRules(service.clusterName, service.serviceName);
                    await reload();
                    set({ productionListenerRule: production.arn, testListenerRule: test.arn });
                  })} data-testid="create-rules">Create production and test rules</Button>
                </SpaceBetween>
              </FormField>
              <FormField label="Test listener rule (optional)" description="Test traffic reaches green before production does." errorText={errors.testListenerRule}>
                <Select
                  selectedOption={value.testListenerRule ? { value: value.testListenerRule, label: label(value.testListenerRule, choices?.rules) } : NO_TEST}
                  options={[NO_TEST, ...(choices?.rules ?? []).map((c) => ({ value: c.arn, label: c.label }))]}
                  onChange={({ detail }) => set({ testListenerRule: detail.selectedOption.value || null })}
                  data-testid="test-rule"
                />
              </FormField>
              <FormField label="ECS infrastructure role" description="ECS changes the listener rules with it." errorText={errors.roleArn}>
                <RolePicker purpose="infrastructure" value={value.roleArn ?? ""} onChange={(arn) => set({ roleArn: arn || null })} testId="infrastructure-role" />
              </FormField>
            </ColumnLayout>
            <ColumnLayout columns={3}>
              <FormField label="Bake time (minutes)" description="Blue waits this long after the shift, in case of a roll back." errorText={errors.bakeTimeInMinutes}>
                <Input type="number" value={String(value.bakeTimeInMinutes)} onChange={({ detail }) => set({ bakeTimeInMinutes: num(detail.value) })} data-testid="bake-time" />
              </FormField>
              {value.strategy === "LINEAR" && (
                <>
                  <FormField label="Step (% of traffic)" errorText={errors.stepPercent}>
                    <Input type="number" value={String(value.stepPercent)} onChange={({ detail }) => set({ stepPercent: num(detail.value) })} />
                  </FormField>
                  <FormField label="Between steps (minutes)" errorText={errors.stepBakeTimeInMinutes}>
                    <Input type="number" value={String(value.stepBakeTimeInMinutes)} onChange={({ detail }) => set({ stepBakeTimeInMinutes: num(detail.value) })} />
                  </FormField>
                </>
              )}
              {value.strategy === "CANARY" && (
                <>
                  <FormField label="Canary (% of traffic)" errorText={errors.canaryPercent}>
                    <Input type="number" value={String(value.canaryPercent)} onChange={({ detail }) => set({ canaryPercent: num(detail.value) })} data-testid="canary-percent" />
                  </FormField>
                  <FormField label="Canary bake (minutes)" errorText={errors.canaryBakeTimeInMinutes}>
                    <Input type="number" value={String(value.canaryBakeTimeInMinutes)} onChange={({ detail }) => set({ canaryBakeTimeInMinutes: num(detail.value) })} data-testid="canary-bake" />
                  </FormField>
                </>
              )}
            </ColumnLayout>
            <SpaceBetween size="s">
              <Box variant="h4">Lifecycle hooks</Box>
              {value.hooks.length === 0 && <Box color="text-status-inactive">None: the deployment runs through its stages on its own.</Box>}
              {value.hooks.map((h, i) => (
                <ColumnLayout key={i} columns={4}>
                  <FormField label={h.targetType === "PAUSE" ? "Pause at" : "Lambda at"} errorText={errors[`hooks[${i}].stages`]}>
                    <Select selectedOption={option(h.stages[0] ?? "")} options={STAGES.map(option)} onChange={({ detail }) => hook(i, { stages: [detail.selectedOption.value ?? ""] })} data-testid={`hook-stage-${i}`} />
                  </FormField>
                  {h.targetType === "AWS_LAMBDA" ? (
                    <FormField label="Function ARN" errorText={errors[`hooks[${i}].functionArn`] ?? errors[`hooks[${i}].roleArn`]}>
                      <Input value={h.functionArn ?? ""} onChange={({ detail }) => hook(i, { functionArn: detail.value || null, roleArn: value.roleArn })} />
                    </FormField>
                  ) : (
                    <FormField label="Waits at most (minutes)" errorText={errors[`hooks[${i}].timeoutMinutes`]}>
                      <Input type="number" value={String(h.timeoutMinutes)} onChange={({ detail }) => hook(i, { timeoutMinutes: num(detail.value) })} data-testid={`hook-timeout-${i}`} />
                    </FormField>
                  )}
                  <FormField label="Then">
                    <Select selectedOption={{ value: h.timeoutAction, label: h.timeoutAction === "ROLLBACK" ? "Roll back" : "Continue" }} options={[{ value: "ROLLBACK", label: "Roll back" }, { value: "CONTINUE", label: "Continue" }]} onChange={({ detail }) => hook(i, { timeoutAction: detail.selectedOption.value ?? "ROLLBACK" })} />
                  </FormField>
                  <Box padding={{ top: "l" }}>
                    <Button variant="inline-link" onClick={() => set({ hooks: value.hooks.filter((_, j) => j !== i) })}>Remove</Button>
                  </Box>
                </ColumnLayout>
              ))}
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="add-plus" onClick={() => set({ hooks: [...value.hooks, { targetType: "PAUSE", functionArn: null, roleArn: null, stages: ["PRE_PRODUCTION_TRAFFIC_SHIFT"], timeoutMinutes: 60, timeoutAction: "ROLLBACK" }] })} data-testid="add-pause">
                  Add a pause (manual approval)
                </Button>
                <Button iconName="add-plus" onClick={() => set({ hooks: [...value.hooks, { targetType: "AWS_LAMBDA", functionArn: null, roleArn: value.roleArn, stages: ["POST_TEST_TRAFFIC_SHIFT"], timeoutMinutes: 15, timeoutAction: "ROLLBACK" }] })}>
                  Add a Lambda hook
                </Button>
              </SpaceBetween>
            </SpaceBetween>
          </>
        )}
      </SpaceBetween>
    </Container>
  );
}
