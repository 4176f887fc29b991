// Step 2: the containers, each in its own editor, up to ten.
import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { StepProps } from "../../shell/wizard/StepWizard";
import { ContainerEditor } from "../ContainerEditor";
import { errorMap, newContainer, type Container as Def } from "../model";
import type { LoadedModel } from "./model";

export function ContainersStep({ model: m }: StepProps<LoadedModel>) {
  const { doc, setDoc, images, region } = m;
  const errs = errorMap(m.errors);
  const containers = (doc.containerDefinitions as Def[] | undefined) ?? [];
  const names = containers.map((c) => String(c.name ?? ""));
  return (
    <SpaceBetween size="l">
      {errs.get("containerDefinitions") && <Alert type="error">{errs.get("containerDefinitions")}</Alert>}
      {containers.map((c, i) => (
        <ContainerEditor
          key={i}
          container={c}
          index={i}
          errors={errs}
          otherNames={names.filter((_, j) => j !== i && names[j])}
          imageOptions={images}
          region={region}
          networkMode={String(doc.networkMode ?? "bridge")}
          canRemove={containers.length > 1}
          onChange={(next) => setDoc((p) => ({ ...p, containerDefinitions: containers.map((x, j) => (j === i ? next : x)) }))}
          onRemove={() => setDoc((p) => ({ ...p, containerDefinitions: containers.filter((_, j) => j !== i) }))}
        />
      ))}
      <Button iconName="add-plus" disabled={containers.length >= 10} onClick={() => setDoc((p) => ({ ...p, containerDefinitions: [...containers, newContainer(`sidecar${containers.length}`, String(doc.family ?? ""), region)] }))}>
        Add container
      </Button>
    </SpaceBetween>
  );
}
