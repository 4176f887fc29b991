import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type ApiError, type Environment } from "../api";
import { useFieldErrors } from "../shell/useFieldErrors";
import { ErrorAlert } from "../shell/ErrorAlert";
import { RegionField } from "./RegionField";

export function EditEnvironmentModal({ env, onClose, onSaved }: { env: Environment; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(env.name);
  const [region, setRegion] = useState(env.region);
  const [endpointUrl, setEndpointUrl] = useState(env.endpointUrl ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // berth-core's rules; the update command checks them again.
  const { errors, checking } = useFieldErrors({ form: "environmentUpdate", input: { name, region, endpointUrl } });

  const save = async () => {
    // Errors judged on older values do not hold the click: the command checks again.
    if (!checking && Object.values(errors).some(Boolean)) return;
    setBusy(true);
    try {
      await api.updateEnvironment(env.id, { name, region, endpointUrl });
      onSaved();
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
      header={`Edit ${env.name}`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={busy} disabled={!checking && Object.values(errors).some(Boolean)} onClick={() => void save()}>
              Save
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {error && <ErrorAlert error={error} header="Could not save" />}
        <FormField label="Name" errorText={errors.name}>
          <Input value={name} onChange={({ detail }) => setName(detail.value)} />
        </FormField>
        <RegionField value={region} onChange={setRegion} errorText={errors.region} />
        <FormField label="Custom endpoint URL" description="Empty means AWS's own endpoints." errorText={errors.endpointUrl}>
          <Input value={endpointUrl} onChange={({ detail }) => setEndpointUrl(detail.value)} placeholder="http://127.0.0.1:4566" />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
