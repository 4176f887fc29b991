// The built-in sandbox: where it listens, where it keeps its state, the AWS CLI profile that
// signs for it, and a typed-confirmation reset that deletes every resource in it.
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
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Alert from "@cloudscape-design/components/alert";
import { api, toApiError, type ApiError, type SandboxStatus } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useAction } from "../shell/useAction";
import { useNotifications } from "../shell/notifications";
import { SimulationPanel } from "./SimulationPanel";

const CONFIRM = "sandbox";

export function SandboxPanel({ region }: { region?: string }) {
  const [status, setStatus] = useState<SandboxStatus | null>(null);
  const [resetting, setResetting] = useState(false);
  const { notify } = useNotifications();

  useEffect(() => {
    api.sandboxStatus(region ?? "us-east-1").then(setStatus, () => setStatus(null));
  }, [region]);

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
      <CliProfilePanel status={status} region={region ?? "us-east-1"} onWritten={(cliProfile) => setStatus({ ...status, cliProfile })} />
      {region && <SimulationPanel region={region} />}
    </SpaceBetween>
  );
}

// The sandbox answers only requests signed with its key pair; the profile's credential
// process asks Berth for it, so the secret never leaves the keyring.
function CliProfilePanel({
  status,
  region,
  onWritten,
}: {
  status: SandboxStatus;
  region: string;
  onWritten: (profile: SandboxStatus["cliProfile"]) => void;
}) {
  const profile = status.cliProfile;
  const { busy, error, run } = useAction();
  const write = () => run(async () => onWritten(await api.writeSandboxCliProfile(region)));
  const example = `aws ecs list-clusters --region ${region} --profile ${profile.name} --endpoint-url ${status.url}`;
  return (
    <Container
      data-testid="sandbox-cli-profile"
      header={
        <Header
          variant="h2"
          description="The sandbox answers only requests signed with this installation's key pair, kept in the keyring. The AWS CLI gets it through a profile whose credential process asks Berth, so no secret is written to a file."
          actions={
            profile.written ? undefined : (
              <Button onClick={() => void write()} loading={busy} disabled={!profile.configFile || !!profile.unavailable}>
                Add profile to the AWS CLI config
              </Button>
            )
          }
        >
          AWS CLI access
        </Header>
      }
    >
      <SpaceBetween size="m">
        {profile.unavailable && (
          <Alert type="warning" header="The key pair lasts only this run">
            The keyring could not keep the sandbox's key pair ({profile.unavailable}), so the AWS CLI profile cannot fetch it. Unlock the
            keyring and restart Berth.
          </Alert>
        )}
        {error && <ErrorAlert error={error} header="Could not write the AWS CLI config" />}
        <KeyValuePairs
          columns={2}
          items={[
            {
              label: "Profile",
              value: profile.written ? (
                <StatusIndicator type="success">{profile.name} is in {profile.configFile}</StatusIndicator>
              ) : (
                <StatusIndicator type="info">Not yet in {profile.configFile ?? "the AWS CLI config"}</StatusIndicator>
              ),
            },
            { label: "Try it", value: <Box variant="code">{example}</Box> },
          ]}
        />
        <FormField label="The profile section" description="Berth writes this, keeping everything else in the file; CLI equivalents name the profile.">
          <Box variant="code">
            <pre style={{ margin: 0 }}>{profile.section}</pre>
          </Box>
        </FormField>
      </SpaceBetween>
    </Container>
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
