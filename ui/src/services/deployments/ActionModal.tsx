// Rolling back or redeploying, previewed: berth-core says which revision the service will
// run and what changes, with the AWS CLI command; only then can it be sent.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { toApiError, type ApiError, type DeploymentAction } from "../../api";
import { ErrorAlert } from "../../shell/ErrorAlert";
import { useAction } from "../../shell/useAction";

export function ActionModal({
  title,
  verb,
  preview,
  send,
  onClose,
  onDone,
}: {
  title: string;
  verb: string;
  preview: () => Promise<DeploymentAction>;
  send: () => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
}) {
  const [action, setAction] = useState<DeploymentAction | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const sending = useAction();
  useEffect(() => {
    preview().then(setAction, (e) => setPreviewError(toApiError(e)));
    // The preview is asked for once, when the modal opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      header={title}
      data-testid="deployment-action"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>Cancel</Button>
            <Button
              variant="primary"
              disabled={!action}
              loading={sending.busy}
              data-testid="confirm-deployment-action"
              onClick={() => void sending.run(async () => {
                await send();
                onDone();
              })}
            >
              {verb}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {previewError && <ErrorAlert error={previewError} header="This cannot be done now" />}
        {!action && !previewError && <StatusIndicator type="loading">Reading the revisions</StatusIndicator>}
        {action && (
          <>
            <Box>
              Afterwards the service runs <Box variant="strong" display="inline">{action.revision.taskDefinition}</Box> (service revision {action.revision.id}).
            </Box>
            <Table
              data-testid="action-changes"
              variant="embedded"
              header={<Box variant="h3">What will change</Box>}
              items={action.changes}
              trackBy="field"
              columnDefinitions={[
                { id: "field", header: "Field", cell: (c) => <Box variant="code">{c.field}</Box> },
                { id: "before", header: "Now", cell: (c) => <span className="diff-removed">{c.before || "—"}</span> },
                { id: "after", header: "Afterwards", cell: (c) => <span className="diff-added">{c.after}</span> },
              ]}
            />
            <Container
              header={
                <Header
                  variant="h3"
                  actions={<CopyToClipboard variant="button" textToCopy={action.cli} copyButtonText="Copy command" copySuccessText="Copied" copyErrorText="Could not copy" />}
                >
                  Equivalent AWS CLI command
                </Header>
              }
            >
              <Box variant="code" data-testid="action-cli">
                <span style={{ wordBreak: "break-all" }}>{action.cli}</span>
              </Box>
            </Container>
          </>
        )}
        {sending.error && <ErrorAlert error={sending.error} header="ECS refused" />}
      </SpaceBetween>
    </Modal>
  );
}
