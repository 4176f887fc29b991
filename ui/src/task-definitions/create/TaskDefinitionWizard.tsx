// Create a task definition, or a new revision of one: the task, its containers, then a
// review with the full JSON and the equivalent AWS CLI command. A JSON mode edits the
// same document; every value is checked by berth-core's rules as it is typed; unfinished
// work is kept as a draft.
import { useMemo, useRef, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { to } from "../../paths";
import { ErrorAlert } from "../../shell/ErrorAlert";
import { navigate } from "../../shell/router";
import { owns, StepWizard, type StepDefinition } from "../../shell/wizard/StepWizard";
import { JsonEditor } from "../JsonEditor";
import { BasicsStep } from "./BasicsStep";
import { ContainersStep } from "./ContainersStep";
import { useTaskDefinitionModel, type Example, type LoadedModel } from "./model";
import { ReviewStep } from "./ReviewStep";

const STEPS: StepDefinition<LoadedModel>[] = [
  { title: "Task", description: "Launch type, network mode, size and roles.", fields: (f) => !owns("containerDefinitions", f), Content: BasicsStep },
  { title: "Containers", description: "Images, ports, environment, health and logs.", fields: ["containerDefinitions"], Content: ContainersStep },
  { title: "Review and register", fields: [], Content: ReviewStep },
];

export function TaskDefinitionWizard({ from, example }: { from?: string; example?: Example }) {
  const m = useTaskDefinitionModel(from, example);
  const [mode, setMode] = useState<"form" | "json">("form");
  const [jump, setJump] = useState<{ step: number } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const errors = useMemo(() => Object.fromEntries([...m.errors].reverse().map((e) => [e.field, e.rule])), [m.errors]);

  if (m.loadError) return <ErrorAlert error={m.loadError} header={`Could not load ${from}`} />;
  if (!m.doc) return <Box>Loading…</Box>;
  const model = m as LoadedModel;

  return (
    <SpaceBetween size="m">
      <Header
        variant="h1"
        description="Describe the app once; each registration is a new, immutable revision."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <SegmentedControl
              selectedId={mode}
              onChange={({ detail }) => {
                setMode(detail.selectedId as "form" | "json");
                setJump(null);
              }}
              options={[
                { id: "form", text: "Form" },
                { id: "json", text: "JSON" },
              ]}
              label="Editor"
            />
            <Button iconName="upload" onClick={() => fileInput.current?.click()}>
              Import JSON
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept=".json,application/json"
              hidden
              data-testid="import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void m.importFile(f);
                e.target.value = "";
              }}
            />
          </SpaceBetween>
        }
      >
        {from ? `New revision of ${m.base}` : "Create task definition"}
      </Header>
      {m.restored && (
        <Alert type="info" header="Your unfinished draft was restored" data-testid="draft-restored" action={<Button onClick={m.discard}>Discard draft</Button>}>
          Saved {new Date(m.restored).toLocaleString()}.
        </Alert>
      )}
      {m.warnings.length > 0 && (
        <Alert type="warning" header="Values that look like secrets" data-testid="secret-warnings">
          <SpaceBetween size="xxs">
            {m.warnings.map((w) => (
              <Box key={w.field}>{w.rule}</Box>
            ))}
          </SpaceBetween>
        </Alert>
      )}
      {mode === "json" ? (
        <>
          <JsonEditor doc={model.doc} errors={m.errors} onChange={m.setDoc} />
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button
                onClick={() => {
                  setMode("form");
                  setJump({ step: STEPS.length - 1 });
                }}
              >
                Review
              </Button>
              <Button variant="primary" loading={m.submitting} disabled={!m.checking && m.errors.length > 0} onClick={() => void m.register()}>
                Register
              </Button>
            </SpaceBetween>
          </Box>
        </>
      ) : (
        <StepWizard
          steps={STEPS}
          model={model}
          update={() => {}}
          errors={errors}
          waiting={m.checking}
          submitLabel="Register"
          submitting={m.submitting}
          onSubmit={() => void m.register()}
          onCancel={() => navigate(from ? to("family", { family: m.base }) : to("taskDefinitions"))}
          jumpTo={jump}
        />
      )}
    </SpaceBetween>
  );
}
