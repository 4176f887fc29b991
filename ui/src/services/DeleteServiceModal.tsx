// Delete a service, confirmed by typing its name. ECS refuses while tasks are wanted, so
// the default scales to 0 first (tasks drain gracefully); force deletes at once.
import { useState } from "react";
import Box from "@cloudscape-design/components/box";
import RadioGroup from "@cloudscape-design/components/radio-group";
import { api, type Service } from "../api";
import { ConfirmModal } from "../shell/ConfirmModal";

export function DeleteServiceModal({ service, onClose, onDeleted }: { service: Service; onClose: () => void; onDeleted: () => void }) {
  const [how, setHow] = useState<"scale" | "force">("scale");
  return (
    <ConfirmModal
      header={`Delete service ${service.serviceName}?`}
      expected={service.serviceName}
      confirmLabel="Delete"
      failureHeader="ECS did not delete the service"
      testId="delete-service-modal"
      onClose={onClose}
      onConfirm={async (typed) => {
        if (how === "scale" && service.desiredCount > 0) {
          await api.updateService({ cluster: service.clusterName, service: service.serviceName, desiredCount: 0, forceNewDeployment: false });
        }
        await api.deleteService(service.clusterName, service.serviceName, how === "force", typed);
        onDeleted();
      }}
    >
      <Box>
        Its {service.runningCount} running task{service.runningCount === 1 ? "" : "s"} stop and it leaves the cluster. Load balancers, target groups and
        scaling policies stay; delete those separately.
      </Box>
      <RadioGroup
        value={how}
        onChange={({ detail }) => setHow(detail.value as "scale" | "force")}
        items={[
          { value: "scale", label: "Scale to 0, then delete", description: "UpdateService desiredCount 0, then DeleteService." },
          { value: "force", label: "Force delete", description: "DeleteService --force: ECS stops the tasks itself." },
        ]}
      />
    </ConfirmModal>
  );
}
