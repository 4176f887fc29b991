// The built-in sandbox: where it listens, where it keeps its state, and a typed-confirmation
// reset that deletes every resource in it.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Alert from "@cloudscape-design/components/alert";
import { api, toApiError, type ApiError, type SandboxStatus } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { SimulationPanel } from "./SimulationPanel";

const CONFIRM = "sandbox";

export function SandboxPanel({ region }: { region?: string }) {
  const [status, setStatus] = useState<SandboxStatus | null>(null);
  const [resetting, setResetting] = useState(false);
  const { notify } = useNotifications();

  useEffect(() => {
    api.sandboxStatus().then(setStatus, () => setStatus(null));
  }, []);

  if (!status) return null;
  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header
            variant="h2"
            description="An AWS-compatible endpoint inside Berth: ECS, ECR, CloudWatch, Logs, load balancers and auto scaling, offline and free."
            actions={<Button onClick={() => setResetting(true)}>Reset sandbox</Button>}
          >
            Local sandbox
          </Header>
        }
      >
        <SpaceBetween size="m">
          {status.setAside && (
            <Alert type="warning" header="The sandbox's saved state could not be read">
              {status.setAside}. The sandbox started empty; the old file was kept.
            </Alert>
          )}
          <KeyValuePairs
            columns={3}
            items={[
              { label: "Endpoint", value: <Box variant="code">{status.url}</Box> },
              { label: "State file", value: <Box variant="code">{status.stateFile ?? "in memory only"}</Box> },
              { label: "Account", value: "000000000000 (fixed, fake)" },
            ]}
          />
        </SpaceBetween>
        {resetting && (
          <ResetSandboxModal
            onClose={() => setResetting(false)}
            onReset={() => {
              setResetting(false);
              notify({ type: "success", header: "Sandbox reset", content: "Every cluster, task definition, service, repository, metric and log in the sandbox was deleted." });
            }}
          />
        )}
      </Container>
      {region && <SimulationPanel region={region} />}
    </SpaceBetween>
  );
}

function ResetSandboxModal({ onClose, onReset }: { onClose: () => void; onReset: () => void }) {
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const reset = async () => {
    setBusy(true);
    try {
      await api.resetSandbox(typed);
      onReset();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      visible
      onDismiss={onClose}
      header="Reset the local sandbox?"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={busy} disabled={typed !== CONFIRM} onClick={() => void reset()}>
              Reset
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          This deletes everything in the sandbox, in every region: clusters, task definitions, tasks, services, repositories and
          images, load balancers, scaling policies, metrics and logs. Real AWS accounts are not touched.
        </Box>
        {error && <ErrorAlert error={error} header="Could not reset the sandbox" />}
        <FormField label={`To confirm, type ${CONFIRM}`}>
          <Input value={typed} onChange={({ detail }) => setTyped(detail.value)} placeholder={CONFIRM} data-testid="confirm-reset" />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
