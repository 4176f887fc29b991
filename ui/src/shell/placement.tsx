// Task placement on EC2 capacity, as run task and create service both offer it: a
// strategy from ECS's usual ones, "each task on a different instance" (distinctInstance)
// and a memberOf cluster query. The rules, the query's syntax included, are berth-core's.
import { useMemo, useState } from "react";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import type { PlacementConstraintItem, PlacementStrategyItem } from "../api";

/** How EC2 tasks are spread over instances: ECS's strategies as a console offers them. */
export const STRATEGIES: { value: string; label: string; items: PlacementStrategyItem[] }[] = [
  { value: "default", label: "ECS's default", items: [] },
  { value: "spread-az", label: "Spread across Availability Zones", items: [{ kind: "spread", field: "attribute:ecs.availability-zone" }] },
  { value: "spread-instance", label: "Spread across instances", items: [{ kind: "spread", field: "instanceId" }] },
  { value: "az-then-instance", label: "Spread across zones, then instances", items: [{ kind: "spread", field: "attribute:ecs.availability-zone" }, { kind: "spread", field: "instanceId" }] },
  { value: "binpack-memory", label: "Binpack on memory (fewest instances)", items: [{ kind: "binpack", field: "memory" }] },
  { value: "binpack-cpu", label: "Binpack on CPU", items: [{ kind: "binpack", field: "cpu" }] },
  { value: "random", label: "Random", items: [{ kind: "random", field: null }] },
];

/** The choices, and the strategy and constraints they make when the tasks go to EC2. */
export function usePlacementChoices(onEc2: boolean) {
  const [strategy, setStrategy] = useState("default");
  const [distinct, setDistinct] = useState(false);
  const [memberOf, setMemberOf] = useState("");
  const expression = memberOf.trim();
  const { placementStrategy, placementConstraints } = useMemo(() => {
    if (!onEc2) return { placementStrategy: [], placementConstraints: [] };
    const constraints: PlacementConstraintItem[] = [
      ...(distinct ? [{ kind: "distinctInstance", expression: null }] : []),
      ...(expression ? [{ kind: "memberOf", expression }] : []),
    ];
    return { placementStrategy: STRATEGIES.find((s) => s.value === strategy)?.items ?? [], placementConstraints: constraints };
  }, [onEc2, strategy, distinct, expression]);
  return { strategy, setStrategy, distinct, setDistinct, memberOf, setMemberOf, placementStrategy, placementConstraints };
}

export type PlacementChoices = ReturnType<typeof usePlacementChoices>;

interface Props {
  choices: PlacementChoices;
  /** What ECS does without a strategy: random for RunTask, spread for services. */
  defaultLabel: string;
  error: (field: string, touched?: boolean) => string | undefined;
  /** data-testid prefix: `<prefix>-strategy`, `<prefix>-member-of`. */
  testId: string;
}

export function PlacementFields({ choices: p, defaultLabel, error, testId }: Props) {
  const options = STRATEGIES.map((s) => ({ value: s.value, label: s.value === "default" ? `${s.label} (${defaultLabel})` : s.label }));
  // berth-core numbers the constraints as sent: distinctInstance, if on, comes first.
  const memberOfField = `placementConstraints[${p.distinct ? 1 : 0}].expression`;
  return (
    <ExpandableSection headerText="Task placement" variant="footer" data-testid={`${testId}-placement`}>
      <SpaceBetween size="m">
        <FormField label="Placement strategy" errorText={error("placementStrategy")}>
          <Select selectedOption={options.find((o) => o.value === p.strategy) ?? null} options={options} onChange={({ detail }) => p.setStrategy(detail.selectedOption.value ?? "default")} data-testid={`${testId}-strategy`} />
        </FormField>
        <Toggle checked={p.distinct} onChange={({ detail }) => p.setDistinct(detail.checked)} description="distinctInstance: at most one task of this group per instance.">
          Each task on a different instance
        </Toggle>
        <FormField
          label="Only instances matching (memberOf)"
          description="A cluster query expression, such as attribute:ecs.instance-type == t3.micro or attribute:ecs.availability-zone in [us-east-1a, us-east-1b]."
          errorText={error(memberOfField, true)}
        >
          <Input value={p.memberOf} onChange={({ detail }) => p.setMemberOf(detail.value)} placeholder="attribute:ecs.instance-type == t3.micro" data-testid={`${testId}-member-of`} />
        </FormField>
      </SpaceBetween>
    </ExpandableSection>
  );
}
