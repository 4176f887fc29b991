// The whole task definition as JSON. The text is the user's until it parses; only then
// does it replace the document, so a half-typed edit is never lost or reformatted.
import { useEffect, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import type { FieldError, TaskDefinitionJson } from "../api";
import { FieldErrorList } from "./FieldErrorList";
import { jsonError } from "./model";

export function JsonEditor({ doc, errors, onChange }: { doc: TaskDefinitionJson; errors: FieldError[]; onChange: (doc: TaskDefinitionJson) => void }) {
  const [text, setText] = useState(() => JSON.stringify(doc, null, 2));
  const parseError = jsonError(text);
  // Outside changes (an import) replace the text unless the user's text already says the same.
  useEffect(() => {
    setText((current) => {
      try {
        if (JSON.stringify(JSON.parse(current)) === JSON.stringify(doc)) return current;
      } catch {
        /* the user's unfinished text stays until the document really changes */
      }
      return JSON.stringify(doc, null, 2);
    });
  }, [doc]);

  return (
    <Container header={<Header variant="h2" description="The document `aws ecs register-task-definition --cli-input-json` accepts. Fields the form has no control for are kept.">JSON</Header>}>
      <SpaceBetween size="s">
        {/* Above the text, so what ECS would refuse is seen without scrolling past 30 rows. */}
        {!parseError && errors.length > 0 && (
          <Alert type="warning" header="ECS would refuse this">
            <FieldErrorList errors={errors} />
          </Alert>
        )}
        <FormField errorText={parseError} stretch>
          <div className="json-editor">
            <Textarea
              value={text}
              rows={30}
              spellcheck={false}
              onChange={({ detail }) => {
                setText(detail.value);
                if (!jsonError(detail.value)) {
                  const parsed = JSON.parse(detail.value);
                  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) onChange(parsed as TaskDefinitionJson);
                }
              }}
              data-testid="json-editor"
            />
          </div>
        </FormField>
      </SpaceBetween>
    </Container>
  );
}
