// Step 3: what will be registered: problems left, the log groups, the AWS CLI command
// and the document itself.
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Checkbox from "@cloudscape-design/components/checkbox";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { ErrorAlert } from "../../shell/ErrorAlert";
import type { StepProps } from "../../shell/wizard/StepWizard";
import { FieldErrorList } from "../FieldErrorList";
import { forRegister, registerCommand } from "../model";
import type { LoadedModel } from "./model";

export function ReviewStep({ model: m }: StepProps<LoadedModel>) {
  const { doc, active, errors, failure, createGroups, setCreateGroups } = m;
  const command = registerCommand(doc, active);
  return (
    <SpaceBetween size="l">
      {errors.length > 0 && (
        <Alert type="error" header={`${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before registering`} data-testid="review-errors">
          <FieldErrorList errors={errors} />
        </Alert>
      )}
      {failure && <ErrorAlert error={failure} header="ECS refused to register the task definition" />}
      <Container header={<Header variant="h2">Log groups</Header>}>
        <Checkbox checked={createGroups} onChange={({ detail }) => setCreateGroups(detail.checked)} data-testid="create-log-groups" description="CreateLogGroup for each awslogs group that does not exist yet, before registering.">
          Create missing log groups now
        </Checkbox>
      </Container>
      <Container header={<Header variant="h2" actions={<CopyToClipboard variant="button" textToCopy={command} copyButtonText="Copy command" copySuccessText="Copied" copyErrorText="Could not copy" />}>Equivalent AWS CLI command</Header>}>
        <Box variant="code" data-testid="cli-command">
          <span style={{ wordBreak: "break-all" }}>{command}</span>
        </Box>
      </Container>
      <Container header={<Header variant="h2">Task definition JSON</Header>}>
        <pre className="json-view" data-testid="review-json">
          {JSON.stringify(forRegister(doc), null, 2)}
        </pre>
      </Container>
    </SpaceBetween>
  );
}
