// Access keys go straight to Rust, which puts them in the OS keyring; this form keeps
// them only in component state while it is open, never in storage.
import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type ApiError, type Environment } from "../api";
import { useFieldErrors } from "../shell/useFieldErrors";
import { ErrorAlert } from "../shell/ErrorAlert";
import { RegionField } from "./RegionField";

export function AddAccessKeysModal({ onClose, onAdded }: { onClose: () => void; onAdded: (env: Environment) => void }) {
  const [name, setName] = useState("");
  const [region, setRegion] = useState("us-east-1");
  const [accessKeyId, setAccessKeyId] = useState("");
  const [secretAccessKey, setSecretAccessKey] = useState("");
  const [sessionToken, setSessionToken] = useState("");
  const [endpointUrl, setEndpointUrl] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const input = {
    name: name.trim(),
    region,
    endpointUrl: endpointUrl.trim() || null,
    keys: { accessKeyId, secretAccessKey, sessionToken: sessionToken.trim() || null },
  };
  // berth-core's rules, asked as the user types; `save` sends only what they passed, and
  // the command checks again before anything reaches the keyring.
  const { errors, checking } = useFieldErrors({ form: "newAccessKeysEnvironment", input });
  const show = (field: string, value: string) =>
    submitted || value.length > 0 || error?.field === field ? (errors[field] ?? (error?.field === field ? error.message : undefined)) : undefined;

  const save = async () => {
    setSubmitted(true);
    // Errors judged on older values do not hold the click: the command checks again.
    if (!checking && Object.values(errors).some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      const env = await api.addAccessKeysEnvironment(input);
      onAdded(env);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal visible onDismiss={onClose} header="Add access keys" size="medium" data-testid="add-access-keys-modal">
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Form
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" formAction="none" onClick={onClose}>
                Cancel
              </Button>
              <Button variant="primary" loading={busy} data-testid="save-access-keys">
                Save to keyring
              </Button>
            </SpaceBetween>
          }
        >
          <SpaceBetween size="m">
            <Box variant="p" color="text-body-secondary">
              The secret key and session token are stored in your operating system's keyring (Secret Service, Keychain or Credential
              Manager) and nowhere else.
            </Box>
            {error && !error.field && <ErrorAlert error={error} header="Could not save the access keys" />}
            <FormField label="Environment name" errorText={show("name", name)}>
              <Input value={name} onChange={({ detail }) => setName(detail.value)} placeholder="prod (eu-west-1)" data-testid="env-name" />
            </FormField>
            <RegionField value={region} onChange={setRegion} errorText={show("region", region)} />
            <FormField label="Access key ID" errorText={show("accessKeyId", accessKeyId)}>
              <Input value={accessKeyId} onChange={({ detail }) => setAccessKeyId(detail.value.trim())} placeholder="AKIA…" data-testid="access-key-id" />
            </FormField>
            <FormField label="Secret access key" errorText={show("secretAccessKey", secretAccessKey)}>
              <Input type="password" value={secretAccessKey} onChange={({ detail }) => setSecretAccessKey(detail.value)} data-testid="secret-access-key" />
            </FormField>
            <FormField label="Session token" description="Only for temporary credentials.">
              <Input type="password" value={sessionToken} onChange={({ detail }) => setSessionToken(detail.value)} data-testid="session-token" />
            </FormField>
            <FormField
              label="Custom endpoint URL"
              description="Optional: for LocalStack, moto or Berth's sandbox. Empty means AWS's own endpoints."
              errorText={show("endpointUrl", endpointUrl)}
            >
              <Input value={endpointUrl} onChange={({ detail }) => setEndpointUrl(detail.value)} placeholder="http://127.0.0.1:4566" data-testid="endpoint-url" />
            </FormField>
          </SpaceBetween>
        </Form>
      </form>
    </Modal>
  );
}
