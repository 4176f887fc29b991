// How the service deploys: rolling, or shifting traffic between two target groups
// (blue/green all at once, linear in steps, canary then the rest), with bake times and
// lifecycle hooks: a pause that waits for a person, or a Lambda function. The load
// balancer pieces a shift needs are picked from what exists or made here; behind a load
// balancer the create-service plan is about to make, the plan makes them too. berth-core
// checks every field (the errors come in from the form's check).
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
import { api, toApiError, type ApiError, type LifecycleHook, type ShiftChoices, type StrategySettings } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { RolePicker } from "../shell/RolePicker";
import { useAction } from "../shell/useAction";
import { parsed } from "./create/model";

const STRATEGIES = [
  { id: "ROLLING", text: "Rolling" },
  { id: "BLUE_GREEN", text: "Blue/green" },
  { id: "LINEAR", text: "Linear" },
  { id: "CANARY", text: "Canary" },
];
const STAGES = ["PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME"];
const option = (value: string) => ({ value, label: value });
const NO_TEST = { value: "", label: "No test listener rule" };

/**
 * Where the service's traffic comes from: a target group that exists (the service's, or
 * one picked in the create wizard), or a new load balancer the plan makes (`madeByPlan`
 * names its target group), or nothing (only rolling is possible).
 */
export type StrategyTarget = { targetGroupArn: string | null; currentAlternate?: string | null; madeByPlan?: string | null };

/**
 * `onNotNumbers` hears which number fields hold text that is no number (kept as typed,
 * and said at the field), so the form holding the editor can refuse to go on.
 */
export function StrategyEditor({ target, value, errors, onChange, onNotNumbers }: { target: StrategyTarget; value: StrategySettings; errors: Record<string, string>; onChange: (s: StrategySettings) => void; onNotNumbers?: (fields: Record<string, string>) => void }) {
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [choices, setChoices] = useState<ShiftChoices | null>(null);
  const [choicesError, setChoicesError] = useState<ApiError | null>(null);
  const making = useAction();
  const shifting = value.strategy !== "ROLLING";
  const { targetGroupArn, currentAlternate, madeByPlan } = target;
  const balanced = Boolean(targetGroupArn || madeByPlan);
  const set = (change: Partial<StrategySettings>) => onChange({ ...value, ...change });
  const reload = (arn: string) => api.strategyChoices(arn, currentAlternate ?? null).then(setChoices, (e) => setChoicesError(toApiError(e)));
  useEffect(() => {
    setChoices(null);
    setChoicesError(null);
    if (shifting && targetGroupArn && !madeByPlan) void reload(targetGroupArn);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shifting, targetGroupArn, madeByPlan]);
  // A number field shows what was typed; the settings take it once it is a number.
  const numberInput = (field: string, current: number, apply: (n: number) => void, integer = true) => ({
    value: texts[field] ?? String(current),
    onChange: ({ detail }: { detail: { value: string } }) => {
      setTexts((t) => ({ ...t, [field]: detail.value }));
      const n = parsed(detail.value, integer);
      if (n !== null) apply(n);
    },
  });
  const notNumber: Record<string, string> = {};
  for (const [field, text] of Object.entries(texts)) {
    const integer = !["stepPercent", "canaryPercent"].includes(field);
    if (parsed(text, integer) === null) notNumber[field] = integer ? "A whole number." : "A number.";
  }
  const notNumberKey = JSON.stringify(notNumber);
  useEffect(() => {
    onNotNumbers?.(JSON.parse(notNumberKey) as Record<string, string>);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the parent's callback may be new on every render
  }, [notNumberKey]);
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
              {madeByPlan ? (
                <FormField label="Target groups and listener rules" description="Made by the plan with the load balancer." data-testid="shift-pieces-by-plan">
                  <Box>
                    Target group <b>{`${madeByPlan.slice(0, 28)}-alt`}</b> beside {madeByPlan}, and on the port-80 listener a test rule (header <code>X-Test: 1</code>) and a production rule (<code>/*</code>), both to {madeByPlan} until a deployment shifts them.
                  </Box>
                </FormField>
              ) : (
              [
              <FormField key="alternate" label="Alternate target group" description="Green's tasks register here while blue keeps serving." errorText={errors.alternateTargetGroupArn}>
                <SpaceBetween size="xs">
                  <Select
                    selectedOption={value.alternateTargetGroupArn ? { value: value.alternateTargetGroupArn, label: label(value.alternateTargetGroupArn, choices?.alternates) } : null}
                    options={(choices?.alternates ?? []).map((c) => ({ value: c.arn, label: c.label }))}
                    onChange={({ detail }) => set({ alternateTargetGroupArn: detail.selectedOption.value ?? null })}
                    placeholder="Choose a target group"
                    data-testid="alternate-target-group"
                  />
                  <Button loading={making.busy} onClick={() => void making.run(async () => {
                    const made = await api.createAlternateTargetGroup(targetGroupArn ?? "");
                    await reload(targetGroupArn ?? "");
                    set({ alternateTargetGroupArn: made.arn });
                  })} data-testid="create-alternate">Create one like the service's</Button>
                </SpaceBetween>
              </FormField>,
              <FormField key="production" label="Production listener rule" description="ECS moves this rule's traffic from blue to green." errorText={errors.productionListenerRule}>
                <SpaceBetween size="xs">
                  <Select
                    selectedOption={value.productionListenerRule ? { value: value.productionListenerRule, label: label(value.productionListenerRule, choices?.rules) } : null}
                    options={(choices?.rules ?? []).map((c) => ({ value: c.arn, label: c.label }))}
                    onChange={({ detail }) => set({ productionListenerRule: detail.selectedOption.value ?? null })}
                    placeholder="Choose a rule"
                    data-testid="production-rule"
                  />
                  <Button loading={making.busy} onClick={() => void making.run(async () => {
                    const [production, test] = await api.createListenerRules(targetGroupArn ?? "");
                    await reload(targetGroupArn ?? "");
                    set({ productionListenerRule: production.arn, testListenerRule: test.arn });
                  })} data-testid="create-rules">Create production and test rules</Button>
                </SpaceBetween>
              </FormField>,
              <FormField key="test" label="Test listener rule (optional)" description="Test traffic reaches green before production does." errorText={errors.testListenerRule}>
                <Select
                  selectedOption={value.testListenerRule ? { value: value.testListenerRule, label: label(value.testListenerRule, choices?.rules) } : NO_TEST}
                  options={[NO_TEST, ...(choices?.rules ?? []).map((c) => ({ value: c.arn, label: c.label }))]}
                  onChange={({ detail }) => set({ testListenerRule: detail.selectedOption.value || null })}
                  data-testid="test-rule"
                />
              </FormField>,
              ]
              )}
              <FormField label="ECS infrastructure role" description="ECS changes the listener rules with it." errorText={errors.roleArn}>
                <RolePicker purpose="infrastructure" value={value.roleArn ?? ""} onChange={(arn) => set({ roleArn: arn || null })} testId="infrastructure-role" />
              </FormField>
            </ColumnLayout>
            <ColumnLayout columns={3}>
              <FormField label="Bake time (minutes)" description="Blue waits this long after the shift, in case of a roll back." errorText={errors.bakeTimeInMinutes ?? notNumber.bakeTimeInMinutes}>
                <Input type="number" {...numberInput("bakeTimeInMinutes", value.bakeTimeInMinutes, (n) => set({ bakeTimeInMinutes: n }))} data-testid="bake-time" />
              </FormField>
              {/* ColumnLayout lays out its direct children: each field is one, not a fragment of two. */}
              {value.strategy === "LINEAR" && (
                <FormField key="step" label="Step (% of traffic)" errorText={errors.stepPercent ?? notNumber.stepPercent}>
                  <Input type="number" {...numberInput("stepPercent", value.stepPercent, (n) => set({ stepPercent: n }), false)} />
                </FormField>
              )}
              {value.strategy === "LINEAR" && (
                <FormField key="step-bake" label="Between steps (minutes)" errorText={errors.stepBakeTimeInMinutes ?? notNumber.stepBakeTimeInMinutes}>
                  <Input type="number" {...numberInput("stepBakeTimeInMinutes", value.stepBakeTimeInMinutes, (n) => set({ stepBakeTimeInMinutes: n }))} />
                </FormField>
              )}
              {value.strategy === "CANARY" && (
                <FormField key="canary" label="Canary (% of traffic)" errorText={errors.canaryPercent ?? notNumber.canaryPercent}>
                  <Input type="number" {...numberInput("canaryPercent", value.canaryPercent, (n) => set({ canaryPercent: n }), false)} data-testid="canary-percent" />
                </FormField>
              )}
              {value.strategy === "CANARY" && (
                <FormField key="canary-bake" label="Canary bake (minutes)" errorText={errors.canaryBakeTimeInMinutes ?? notNumber.canaryBakeTimeInMinutes}>
                  <Input type="number" {...numberInput("canaryBakeTimeInMinutes", value.canaryBakeTimeInMinutes, (n) => set({ canaryBakeTimeInMinutes: n }))} data-testid="canary-bake" />
                </FormField>
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
                      <Input value={h.functionArn ?? ""} placeholder="arn:aws:lambda:region:account:function:name" onChange={({ detail }) => hook(i, { functionArn: detail.value || null, roleArn: value.roleArn })} data-testid={`hook-function-${i}`} />
                    </FormField>
                  ) : (
                    <FormField label="Waits at most (minutes)" errorText={errors[`hooks[${i}].timeoutMinutes`] ?? notNumber[`hooks[${i}].timeoutMinutes`]}>
                      <Input type="number" {...numberInput(`hooks[${i}].timeoutMinutes`, h.timeoutMinutes, (n) => hook(i, { timeoutMinutes: n }))} data-testid={`hook-timeout-${i}`} />
                    </FormField>
                  )}
                  <FormField label="Then">
                    <Select selectedOption={{ value: h.timeoutAction, label: h.timeoutAction === "ROLLBACK" ? "Roll back" : "Continue" }} options={[{ value: "ROLLBACK", label: "Roll back" }, { value: "CONTINUE", label: "Continue" }]} onChange={({ detail }) => hook(i, { timeoutAction: detail.selectedOption.value ?? "ROLLBACK" })} />
                  </FormField>
                  <Box padding={{ top: "l" }}>
                    <Button variant="inline-link" onClick={() => {
                      setTexts((t) => Object.fromEntries(Object.entries(t).filter(([k]) => !k.startsWith("hooks["))));
                      set({ hooks: value.hooks.filter((_, j) => j !== i) });
                    }}>Remove</Button>
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
