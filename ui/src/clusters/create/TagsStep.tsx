// Step 2 (optional): tags, each row checked by berth-core's tag rules.
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import { api } from "../../api";
import { useResource } from "../../shell/useResource";
import type { StepProps } from "../../shell/wizard/StepWizard";
import { setTag, type Model } from "./model";

export function TagsStep({ model, update, error }: StepProps<Model>) {
  const max = useResource(api.formRules, []).data?.maxTags ?? 50;
  return (
    <Container header={<Header variant="h2">Tags</Header>}>
      <AttributeEditor
        items={model.tags}
        addButtonText="Add tag"
        removeButtonText="Remove"
        disableAddButton={model.tags.length >= max}
        additionalInfo={`You can add ${Math.max(0, max - model.tags.length)} more tags.`}
        empty="No tags on this cluster."
        onAddButtonClick={() => update((m) => ({ tags: [...m.tags, { key: "", value: "" }] }))}
        onRemoveButtonClick={({ detail }) => update((m) => ({ tags: m.tags.filter((_, i) => i !== detail.itemIndex) }))}
        definition={[
          {
            label: "Key",
            control: (tag, i) => <Input value={tag.key} onChange={({ detail }) => update((m) => ({ tags: setTag(m.tags, i, { key: detail.value }) }))} data-testid={`tag-key-${i}`} />,
            errorText: (tag, i) => error(`tags[${i}].key`, tag.key.length > 0),
          },
          {
            label: "Value",
            control: (tag, i) => <Input value={tag.value} onChange={({ detail }) => update((m) => ({ tags: setTag(m.tags, i, { value: detail.value }) }))} data-testid={`tag-value-${i}`} />,
            errorText: (tag, i) => error(`tags[${i}].value`, tag.value.length > 0),
          },
        ]}
      />
    </Container>
  );
}
