// A role field as the console has it: the roles whose trust policy admits the purpose's
// service principal (with their attached policies), any ARN typed in, and "Create the
// standard role" with its calls and AWS CLI equivalent shown before anything is made.
import { useCallback, useEffect, useState } from "react";
import Autosuggest from "@cloudscape-design/components/autosuggest";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type ApiError, type PassRoleCheck, type RoleCall, type RoleChoice, type RolePurpose } from "../api";
import { ErrorAlert } from "./ErrorAlert";
import { useAction } from "./useAction";

const STANDARD: Partial<Record<RolePurpose, string>> = { taskExecution: "ecsTaskExecutionRole", instance: "ecsInstanceRole", infrastructure: "ecsInfrastructureRoleForLoadBalancers" };

/** EC2 is given an instance role through its instance profile, so that is the value. */
function valueOf(purpose: RolePurpose, r: RoleChoice): string {
  return purpose === "instance" ? (r.instanceProfileArn ?? r.arn) : r.arn;
}

export function RolePicker({
  purpose,
  value,
  onChange,
  placeholder,
  testId,
}: {
  purpose: RolePurpose;
  value: string;
  onChange: (arn: string) => void;
  placeholder?: string;
  testId?: string;
}) {
  const [roles, setRoles] = useState<RoleChoice[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    setLoadError(null);
    api.listRoles(purpose).then(setRoles, (e) => {
      setRoles([]);
      setLoadError(toApiError(e));
    });
  }, [purpose]);
  useEffect(load, [load]);

  const standard = STANDARD[purpose];
  const hasStandard = roles?.some((r) => r.name === standard) ?? false;
  // An instance profile's role is what EC2 is passed.
  const roleArn = purpose === "instance" ? (roles?.find((r) => r.instanceProfileArn === value)?.arn ?? "") : value;
  const passRole = usePassRoleCheck(roleArn);
  return (
    <SpaceBetween size="xs">
      <Autosuggest
        value={value}
        onChange={({ detail }) => onChange(detail.value)}
        options={(roles ?? []).map((r) => ({
          value: valueOf(purpose, r),
          label: r.name,
          description: r.attachedPolicies.length ? r.attachedPolicies.join(", ") : "no managed policies attached",
        }))}
        statusType={roles === null ? "loading" : "finished"}
        loadingText="Listing roles"
        empty="No role trusts this service yet"
        enteredTextLabel={(v) => `Use: ${v}`}
        placeholder={placeholder ?? "Choose a role or enter its ARN"}
        data-testid={testId}
      />
      {loadError && <ErrorAlert error={loadError} header="Could not list roles" />}
      {passRole && (
        <Box variant="small" color={passRole.decision === "denied" ? "text-status-error" : "text-body-secondary"} data-testid={testId ? `${testId}-pass-role` : undefined}>
          {passRole.decision === "allowed" ? `${passRole.principal} may pass this role (iam:PassRole, checked with IAM's policy simulator).` : passRole.message}
        </Box>
      )}
      {standard && !hasStandard && roles !== null && (
        <Button variant="inline-link" onClick={() => setCreating(true)} data-testid={testId ? `${testId}-create` : undefined}>
          Create the standard role ({standard})
        </Button>
      )}
      {creating && (
        <CreateStandardRoleModal
          purpose={purpose}
          onClose={() => setCreating(false)}
          onCreated={(role) => {
            setCreating(false);
            onChange(valueOf(purpose, role));
            load();
          }}
        />
      )}
    </SpaceBetween>
  );
}

function CreateStandardRoleModal({ purpose, onClose, onCreated }: { purpose: RolePurpose; onClose: () => void; onCreated: (role: RoleChoice) => void }) {
  const [plan, setPlan] = useState<RoleCall[] | null>(null);
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    api.standardRolePlan(purpose).then(setPlan, (e) => setError(toApiError(e)));
  }, [purpose, setError]);
  const create = () => run(async () => onCreated(await api.createStandardRole(purpose)));
  return (
    <Modal
      visible
      onDismiss={onClose}
      header={`Create ${STANDARD[purpose]}`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={busy} disabled={!plan} onClick={() => void create()} data-testid="create-standard-role">
              Create role
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">Berth makes these calls, in this order. A part that already exists is kept and used.</Box>
        {(plan ?? []).map((call, i) => (
          <SpaceBetween size="xxs" key={call.title}>
            <Box variant="strong">
              {i + 1}. {call.title}
            </Box>
            <Box variant="code" data-testid="role-plan-cli">
              {call.cli}
            </Box>
          </SpaceBetween>
        ))}
        {error && <ErrorAlert error={error} header="The role was not created" />}
      </SpaceBetween>
    </Modal>
  );
}

/** IAM's policy simulator on passing `roleArn`, asked once the ARN has settled. */
function usePassRoleCheck(roleArn: string): PassRoleCheck | null {
  const [check, setCheck] = useState<{ arn: string; result: PassRoleCheck } | null>(null);
  useEffect(() => {
    if (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+/.test(roleArn)) return;
    let current = true;
    const handle = setTimeout(() => {
      api.checkPassRole(roleArn).then(
        (result) => current && setCheck({ arn: roleArn, result }),
        () => current && setCheck(null),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [roleArn]);
  return check && check.arn === roleArn ? check.result : null;
}
