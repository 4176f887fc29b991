// Settings → Environments: where Berth's AWS clients point. Profiles come from the AWS
// config files; access keys typed here go to the OS keyring and never leave it.
import { useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Alert from "@cloudscape-design/components/alert";
import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { api, toApiError, type ApiError, type Environment, type Identity } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { kindLabel, useEnvironment } from "../shell/environment";
import { useNotifications } from "../shell/notifications";
import { AddAccessKeysModal } from "./AddAccessKeysModal";
import { EditEnvironmentModal } from "./EditEnvironmentModal";
import { RemoveEnvironmentModal } from "./RemoveEnvironmentModal";
import { SandboxPanel } from "./SandboxPanel";

type Check = { env: Environment; identity?: Identity; error?: ApiError; running: boolean };

export function EnvironmentsPage() {
  const { environments, active, switchTo, reload, error } = useEnvironment();
  const { notifyError } = useNotifications();
  const [check, setCheck] = useState<Check | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Environment | null>(null);
  const [removing, setRemoving] = useState<Environment | null>(null);
  const { items, collectionProps } = useCollection(environments, { selection: { trackBy: "id" }, sorting: {} });
  const selected = collectionProps.selectedItems?.[0];

  const test = async (env: Environment) => {
    setCheck({ env, running: true });
    try {
      setCheck({ env, identity: await api.testConnection(env.id), running: false });
    } catch (e) {
      setCheck({ env, error: toApiError(e), running: false });
    }
  };

  return (
    <SpaceBetween size="l">
      {error && <ErrorAlert error={error} header="Could not read environments" />}
      {check && (
        <div data-testid="connection-result">
          {check.running && <Alert type="info" header={`Testing ${check.env.name}…`}>Calling STS GetCallerIdentity.</Alert>}
          {check.identity && (
            <Alert type="success" dismissible onDismiss={() => setCheck(null)} header={`${check.env.name}: connected`}>
              {check.identity.checkedWith === "sts" ? (
                <>
                  Account <b>{check.identity.account}</b> as <Box variant="code">{check.identity.arn}</Box>
                </>
              ) : (
                "This endpoint has no STS; ECS ListClusters answered, so the credentials and endpoint work."
              )}
            </Alert>
          )}
          {check.error && (
            <ErrorAlert error={check.error} header={`${check.env.name}: connection failed`} />
          )}
        </div>
      )}
      <Table
        {...collectionProps}
        data-testid="environments-table"
        variant="full-page"
        items={items}
        trackBy="id"
        selectionType="single"
        header={
          <Header
            variant="h1"
            counter={`(${environments.length})`}
            description="Profiles from ~/.aws/config and ~/.aws/credentials (SSO, assume-role and credential_process work as in the AWS CLI), access keys kept in the OS keyring, and local endpoints."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={!selected} onClick={() => selected && void test(selected)} data-testid="test-connection">
                  Test connection
                </Button>
                <Button
                  disabled={!selected || selected.id === active?.id}
                  onClick={() => selected && switchTo(selected.id).catch((e) => notifyError("Could not switch", toApiError(e)))}
                >
                  Make active
                </Button>
                <Button disabled={!selected} onClick={() => setEditing(selected ?? null)}>
                  Edit
                </Button>
                <Button disabled={!selected} onClick={() => setRemoving(selected ?? null)}>
                  Remove
                </Button>
                <Button variant="primary" onClick={() => setAdding(true)} data-testid="add-access-keys">
                  Add access keys
                </Button>
              </SpaceBetween>
            }
          >
            Environments
          </Header>
        }
        columnDefinitions={[
          {
            id: "name",
            header: "Name",
            cell: (e) => (
              <SpaceBetween direction="horizontal" size="xs">
                <span>{e.name}</span>
                {e.id === active?.id && <Badge color="green">active</Badge>}
              </SpaceBetween>
            ),
            isRowHeader: true,
          },
          { id: "kind", header: "Credentials", cell: kindLabel },
          { id: "region", header: "Region", cell: (e) => e.region },
          { id: "endpoint", header: "Endpoint", cell: (e) => e.endpointUrl ?? "AWS (regional endpoints)" },
        ]}
        empty={
          <Box textAlign="center" color="inherit">
            <b>No environments</b>
            <Box variant="p" color="inherit">
              No AWS profile was found. Add access keys, or configure a profile with the AWS CLI.
            </Box>
          </Box>
        }
      />
      {adding && (
        <AddAccessKeysModal
          onClose={() => setAdding(false)}
          onAdded={(env) => {
            setAdding(false);
            void reload();
            void test(env);
          }}
        />
      )}
      {editing && (
        <EditEnvironmentModal
          env={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
      {removing && (
        <RemoveEnvironmentModal
          env={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            void reload();
          }}
        />
      )}
      <SandboxPanel region={active?.kind.type === "sandbox" ? active.region : undefined} />
    </SpaceBetween>
  );
}
