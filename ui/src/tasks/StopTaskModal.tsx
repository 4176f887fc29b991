// Stop a task with a reason (ECS records it as the stoppedReason); confirmed by typing "stop".
import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import { api, type Task } from "../api";
import { ConfirmModal } from "../shell/ConfirmModal";
import { useFieldErrors } from "../shell/useFieldErrors";

export function StopTaskModal({ cluster, task, onClose, onStopped }: { cluster: string; task: Task; onClose: () => void; onStopped: (t: Task) => void }) {
  const [reason, setReason] = useState("");
  // ECS's limit, from berth-core; stop_task checks it again.
  const reasonError = useFieldErrors({ form: "stopTask", input: { reason } }).errors.reason;
  return (
    <ConfirmModal
      header={`Stop task ${task.taskId}?`}
      expected="stop"
      confirmLabel="Stop task"
      failureHeader="ECS refused to stop the task"
      onClose={onClose}
      testId="stop-task-modal"
      onConfirm={async (typed) => onStopped(await api.stopTask(cluster, task.taskArn, reason, typed))}
    >
      <Box variant="p">
        ECS sends SIGTERM, waits for the stop timeout, then SIGKILL.{task.group?.startsWith("service:") ? " Its service will start a replacement." : ""}
      </Box>
      <FormField label="Reason" constraintText={`Shown as the task's stopped reason. ${reason.length}/255`} errorText={reasonError}>
        <Input value={reason} onChange={({ detail }) => setReason(detail.value)} placeholder="e.g. Rolling back a bad config" data-testid="stop-reason" />
      </FormField>
    </ConfirmModal>
  );
}
