// Step 3 (optional): per-container command and environment overrides, and tags.
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { Tag } from "../../api";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { Override, RunTaskModel } from "./model";

export function ExtrasStep({ model: m, error }: StepProps<RunTaskModel>) {
  const change = (i: number, f: (o: Override) => Override) => m.setOverrides((all) => all.map((x, j) => (j === i ? f(x) : x)));
  const setVar = (i: number, k: number, v: Partial<Tag>) => change(i, (x) => ({ ...x, environment: x.environment.map((y, n) => (n === k ? { ...y, ...v } : y)) }));
  const setTag = (i: number, v: Partial<Tag>) => m.setTags((all) => all.map((x, j) => (j === i ? { ...x, ...v } : x)));
  // berth-core names fields within the overrides it is sent; only ones with a change go.
  const sent = m.overrides.filter((o) => o.command.trim() || o.environment.length);
  return (
    <SpaceBetween size="l">
      {m.overrides.map((o, i) => (
        <Container key={o.name} header={<Header variant="h3" description="Leave empty to use the task definition's values.">Overrides for {o.name}</Header>}>
          <SpaceBetween size="s">
            <FormField label="Command" constraintText="comma-separated, replaces the image's command">
              <Input value={o.command} onChange={({ detail }) => change(i, (x) => ({ ...x, command: detail.value }))} />
            </FormField>
            <AttributeEditor<Tag>
              items={o.environment}
              addButtonText="Add environment variable"
              removeButtonText="Remove"
              empty="No extra environment variables."
              onAddButtonClick={() => change(i, (x) => ({ ...x, environment: [...x.environment, { key: "", value: "" }] }))}
              onRemoveButtonClick={({ detail }) => change(i, (x) => ({ ...x, environment: x.environment.filter((_, k) => k !== detail.itemIndex) }))}
              definition={[
                { label: "Name", control: (e, k) => <Input value={e.key} onChange={({ detail }) => setVar(i, k, { key: detail.value })} />, errorText: (_, k) => error(`overrides[${sent.indexOf(o)}].environment[${k}].name`, true) },
                { label: "Value", control: (e, k) => <Input value={e.value} onChange={({ detail }) => setVar(i, k, { value: detail.value })} /> },
              ]}
            />
          </SpaceBetween>
        </Container>
      ))}
      <Container header={<Header variant="h3">Tags</Header>}>
        <AttributeEditor<Tag>
          items={m.tags}
          addButtonText="Add tag"
          removeButtonText="Remove"
          empty="No tags."
          onAddButtonClick={() => m.setTags((t) => [...t, { key: "", value: "" }])}
          onRemoveButtonClick={({ detail }) => m.setTags((t) => t.filter((_, i) => i !== detail.itemIndex))}
          definition={[
            { label: "Key", control: (t, i) => <Input value={t.key} onChange={({ detail }) => setTag(i, { key: detail.value })} />, errorText: (t, i) => error(`tags[${i}].key`, t.key.length > 0) },
            { label: "Value", control: (t, i) => <Input value={t.value} onChange={({ detail }) => setTag(i, { value: detail.value })} />, errorText: (_, i) => error(`tags[${i}].value`, true) },
          ]}
        />
      </Container>
    </SpaceBetween>
  );
}
