// Deleting a cluster is confirmed by typing its name; AWS's refusal stays in the dialog.
import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type ApiError, type Cluster } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";

export function DeleteClusterModal({ cluster, onClose, onDeleted }: { cluster: Cluster; onClose: () => void; onDeleted: () => void }) {
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { notify } = useNotifications();
  const confirmed = typed === cluster.clusterName;

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.deleteCluster(cluster.clusterName, typed);
      notify({ type: "success", content: `Cluster ${cluster.clusterName} deleted.` });
      onDeleted();
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
      header={`Delete cluster ${cluster.clusterName}?`}
      data-testid="delete-cluster-modal"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" disabled={!confirmed} loading={busy} onClick={() => void remove()} data-testid="confirm-delete">
              Delete
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          This deletes the cluster <b>{cluster.clusterName}</b> ({cluster.clusterArn}). ECS refuses while the cluster still has services
          ({cluster.activeServicesCount}) or registered container instances ({cluster.registeredContainerInstancesCount}).
        </Box>
        {error && <ErrorAlert error={error} header="AWS refused to delete the cluster" />}
        <FormField label={`To confirm, type the cluster name: ${cluster.clusterName}`}>
          <Input
            value={typed}
            onChange={({ detail }) => setTyped(detail.value)}
            placeholder={cluster.clusterName}
            ariaLabel="Cluster name to confirm"
            data-testid="confirm-name"
            autoFocus
          />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
