import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type ApiError, type Environment } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";

export function RemoveEnvironmentModal({ env, onClose, onRemoved }: { env: Environment; onClose: () => void; onRemoved: () => void }) {
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const ownsKeys = env.kind.type === "accessKeys";
  const what = ownsKeys
    ? "This removes the environment and deletes its access keys from the OS keyring."
    : "This forgets Berth's region and endpoint choices for it; the AWS config files are not changed.";

  const remove = async () => {
    try {
      await api.removeEnvironment(env.id, typed);
      onRemoved();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  return (
    <Modal
      visible
      onDismiss={onClose}
      header={`Remove ${env.name}?`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" disabled={typed !== env.name} onClick={() => void remove()}>
              Remove
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">{what}</Box>
        {error && <ErrorAlert error={error} header="Could not remove" />}
        <FormField label={`To confirm, type the environment name: ${env.name}`}>
          <Input value={typed} onChange={({ detail }) => setTyped(detail.value)} placeholder={env.name} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
