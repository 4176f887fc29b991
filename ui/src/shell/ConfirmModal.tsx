// Destructive actions are confirmed by typing a word (usually the resource's name); the
// command checks the same word again in Rust. AWS's refusal stays inside the dialog.
import { useState, type ReactNode } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { ErrorAlert } from "./ErrorAlert";
import { useAction } from "./useAction";

export interface ConfirmModalProps {
  header: string;
  /** What the user must type. */
  expected: string;
  confirmLabel: string;
  failureHeader: string;
  children: ReactNode;
  onConfirm: (typed: string) => Promise<void>;
  onClose: () => void;
  testId?: string;
}

export function ConfirmModal({ header, expected, confirmLabel, failureHeader, children, onConfirm, onClose, testId }: ConfirmModalProps) {
  const [typed, setTyped] = useState("");
  const { busy, error, run } = useAction();
  const confirm = () => run(() => onConfirm(typed));

  return (
    <Modal
      visible
      onDismiss={onClose}
      header={header}
      data-testid={testId ?? "confirm-modal"}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" disabled={typed !== expected} loading={busy} onClick={() => void confirm()} data-testid="confirm-action">
              {confirmLabel}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {children}
        {error && <ErrorAlert error={error} header={failureHeader} />}
        <FormField label={`To confirm, type ${expected}`}>
          <Input value={typed} onChange={({ detail }) => setTyped(detail.value)} placeholder={expected} ariaLabel="Confirmation" data-testid="confirm-name" autoFocus />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
