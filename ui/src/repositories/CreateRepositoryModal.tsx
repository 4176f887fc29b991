// Create repository: name (checked as typed), tag immutability, scan on push, encryption.
import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type ApiError, type NewRepository, type Repository } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useFieldErrors } from "../shell/useFieldErrors";

export function CreateRepositoryModal({ onClose, onCreated }: { onClose: () => void; onCreated: (r: Repository) => void }) {
  const [input, setInput] = useState<NewRepository>({ repositoryName: "", tagImmutability: false, scanOnPush: true, encryptionType: "AES256", kmsKey: "" });
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // ECR's name rule from berth-core, as typed; the create command checks it again.
  const check = useFieldErrors({ form: "newRepository", input });
  const nameError = check.errors.repositoryName ?? (error?.field === "repositoryName" ? error.message : undefined);
  const set = (change: Partial<NewRepository>) => setInput((prev) => ({ ...prev, ...change }));

  const create = async () => {
    setTouched(true);
    // An error judged on older text does not hold the click: the command checks again.
    if (!check.checking && check.errors.repositoryName) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.createRepository(input));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal visible onDismiss={onClose} header="Create repository" data-testid="create-repository-modal">
      <form onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <Form
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" formAction="none" onClick={onClose}>
                Cancel
              </Button>
              <Button variant="primary" loading={busy} data-testid="create-repository-submit">
                Create repository
              </Button>
            </SpaceBetween>
          }
          errorText={error && <ErrorAlert error={error} header="ECR refused to create the repository" />}
        >
          <SpaceBetween size="m">
            <FormField
              label="Repository name"
              description="The image URI becomes <account>.dkr.ecr.<region>.amazonaws.com/<name>."
              errorText={(touched || input.repositoryName.length > 0) && nameError}
            >
              <Input value={input.repositoryName} onChange={({ detail }) => set({ repositoryName: detail.value })} placeholder="team/web-app" data-testid="repository-name" autoFocus />
            </FormField>
            <Checkbox checked={input.tagImmutability} onChange={({ detail }) => set({ tagImmutability: detail.checked })} description="A tag, once pushed, can never point at another image.">
              Tag immutability
            </Checkbox>
            <Checkbox checked={input.scanOnPush} onChange={({ detail }) => set({ scanOnPush: detail.checked })} description="Scan each image for known vulnerabilities when it is pushed.">
              Scan on push
            </Checkbox>
            <FormField label="Encryption">
              <RadioGroup
                value={input.encryptionType}
                onChange={({ detail }) => set({ encryptionType: detail.value as "AES256" | "KMS" })}
                items={[
                  { value: "AES256", label: "AES-256", description: "Amazon S3-managed keys; no extra cost." },
                  { value: "KMS", label: "AWS KMS", description: "A KMS key you choose (the AWS-managed ECR key if empty). Cannot be changed later." },
                ]}
              />
            </FormField>
            {input.encryptionType === "KMS" && (
              <FormField label="KMS key" description="ARN, id or alias; leave empty for the AWS-managed key." constraintText="optional">
                <Input value={input.kmsKey ?? ""} onChange={({ detail }) => set({ kmsKey: detail.value })} placeholder="arn:aws:kms:…" />
              </FormField>
            )}
            <Box variant="small">Encryption is fixed when the repository is created.</Box>
          </SpaceBetween>
        </Form>
      </form>
    </Modal>
  );
}
