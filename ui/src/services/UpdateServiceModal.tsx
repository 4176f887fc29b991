// Update a service: a new revision (the latest active one chosen), desired count, force a
// new deployment, deployment settings, and the CloudWatch alarms that fail (and roll back)
// the deployment, picked or created here on the service's own metrics. "Review changes"
// asks berth-core for the diff against the service as it is now; only then can it be sent.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import Container from "@cloudscape-design/components/container";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import Multiselect from "@cloudscape-design/components/multiselect";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import Toggle from "@cloudscape-design/components/toggle";
import { api, toApiError, type Alarm, type ApiError, type Change, type Revision, type Service, type ServiceUpdate, type StrategySettings } from "../api";
import { AlarmEditor } from "./AlarmEditor";
import { StrategyEditor } from "./StrategyEditor";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useFieldErrors } from "../shell/useFieldErrors";
import { parsed } from "./create/model";

export function UpdateServiceModal({ service, onClose, onUpdated }: { service: Service; onClose: () => void; onUpdated: (s: Service) => void }) {
  const family = service.taskDefinition.split(":")[0];
  const [revisions, setRevisions] = useState<Revision[]>([]);
  const [revision, setRevision] = useState(service.taskDefinition.split(":")[1] ?? "");
  const [desired, setDesired] = useState(String(service.desiredCount));
  const [force, setForce] = useState(false);
  const balanced = service.loadBalancers.length > 0;
  const [grace, setGrace] = useState(String(service.healthCheckGracePeriodSeconds ?? 0));
  const [minHealthy, setMinHealthy] = useState(String(service.deploymentConfiguration.minimumHealthyPercent));
  const [maxPercent, setMaxPercent] = useState(String(service.deploymentConfiguration.maximumPercent));
  const [breaker, setBreaker] = useState(service.deploymentConfiguration.circuitBreaker);
  const [rollback, setRollback] = useState(service.deploymentConfiguration.rollback);
  const [alarmNames, setAlarmNames] = useState<string[]>(service.deploymentAlarms?.alarmNames ?? []);
  const [alarmsOn, setAlarmsOn] = useState(service.deploymentAlarms?.enable ?? false);
  const [alarmRollback, setAlarmRollback] = useState(service.deploymentAlarms?.rollback ?? true);
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  const [strategy, setStrategy] = useState<StrategySettings>(service.strategy);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api.listTaskDefinitionRevisions(family).then((r) => {
      const activeRevs = r.filter((x) => x.status === "ACTIVE");
      setRevisions(activeRevs);
      // The newest active revision is what an update usually rolls out.
      if (activeRevs[0]) setRevision(String(activeRevs[0].revision));
    }, () => setRevisions([]));
  }, [family]);
  useEffect(() => {
    api.listAlarms().then(setAlarms, () => setAlarms([]));
  }, []);

  // Text that is no whole number is the form's finding; the ranges are berth-core's.
  const num = (text: string) => parsed(text) ?? 0;
  const deployment = { minimumHealthyPercent: num(minHealthy), maximumPercent: num(maxPercent), circuitBreaker: breaker, rollback };
  const input: ServiceUpdate = {
    cluster: service.clusterName,
    service: service.serviceName,
    taskDefinition: `${family}:${revision}`,
    desiredCount: num(desired),
    forceNewDeployment: force,
    deploymentConfiguration: deployment,
    ...(balanced ? { healthCheckGracePeriodSeconds: num(grace) } : {}),
    alarms: { alarmNames, enable: alarmsOn, rollback: alarmRollback },
    strategy,
  };
  const check = useFieldErrors({ form: "serviceUpdate", input });
  const checked = check.errors;
  const [strategyNotNumbers, setStrategyNotNumbers] = useState<Record<string, string>>({});
  const notNumber = (text: string) => (parsed(text) === null ? "A whole number." : undefined);
  const errs: Record<string, string | undefined> = {
    desired: notNumber(desired) ?? checked.desiredCount,
    min: notNumber(minHealthy) ?? checked.minimumHealthyPercent,
    max: notNumber(maxPercent) ?? checked.maximumPercent,
    grace: balanced ? (notNumber(grace) ?? checked.healthCheckGracePeriodSeconds) : undefined,
    rollback: checked.rollback,
    alarms: checked.alarms,
    strategy: Object.keys(checked).some((k) => k.startsWith("hooks[") || ["strategy", "alternateTargetGroupArn", "productionListenerRule", "testListenerRule", "roleArn", "bakeTimeInMinutes", "stepPercent", "canaryPercent", "stepBakeTimeInMinutes", "canaryBakeTimeInMinutes"].includes(k)) ? "Check the deployment strategy." : undefined,
  };
  // Text that is no number always holds the button; an answer about older values never
  // does (the preview checks again).
  const texts = [desired, minHealthy, maxPercent, ...(balanced ? [grace] : [])];
  const invalid = texts.some((t) => notNumber(t)) || Object.keys(strategyNotNumbers).length > 0 || (!check.checking && Object.values(errs).some(Boolean));
  // Any edit invalidates the reviewed diff.
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setChanges(null);
  };

  const review = async () => {
    setBusy(true);
    setError(null);
    try {
      setChanges(await api.previewServiceUpdate(input));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      onUpdated(await api.updateService(input));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      header={`Update ${service.serviceName}`}
      data-testid="update-service-modal"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>Cancel</Button>
            {changes === null ? (
              <Button variant="primary" disabled={invalid} loading={busy} onClick={() => void review()} data-testid="review-update">Review changes</Button>
            ) : (
              <Button variant="primary" disabled={changes.length === 0} loading={busy} onClick={() => void send()} data-testid="send-update">Update service</Button>
            )}
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <ColumnLayout columns={2}>
          <FormField label="Task definition revision" description="The latest active revision is chosen.">
            <Select selectedOption={{ value: revision, label: `${family}:${revision}` }} options={revisions.map((r) => ({ value: String(r.revision), label: `${family}:${r.revision}` }))} onChange={({ detail }) => edit(setRevision)(detail.selectedOption.value ?? "")} data-testid="update-revision" />
          </FormField>
          <FormField label="Desired tasks" errorText={errs.desired}>
            <Input type="number" value={desired} onChange={({ detail }) => edit(setDesired)(detail.value)} data-testid="update-desired" />
          </FormField>
          <FormField label="Minimum healthy percent" errorText={errs.min}>
            <Input type="number" value={minHealthy} onChange={({ detail }) => edit(setMinHealthy)(detail.value)} />
          </FormField>
          <FormField label="Maximum percent" errorText={errs.max}>
            <Input type="number" value={maxPercent} onChange={({ detail }) => edit(setMaxPercent)(detail.value)} />
          </FormField>
          {balanced && (
            <FormField label="Health-check grace period (s)" description="How long ECS ignores failing load balancer health checks of a new task." errorText={errs.grace}>
              <Input type="number" value={grace} onChange={({ detail }) => edit(setGrace)(detail.value)} />
            </FormField>
          )}
        </ColumnLayout>
        <SpaceBetween direction="horizontal" size="l">
          <Toggle checked={breaker} onChange={({ detail }) => { edit(setBreaker)(detail.checked); if (!detail.checked) setRollback(false); }}>Circuit breaker</Toggle>
          <FormField errorText={errs.rollback}>
            <Toggle checked={rollback} onChange={({ detail }) => edit(setRollback)(detail.checked)}>Roll back on failure</Toggle>
          </FormField>
          <Checkbox checked={force} onChange={({ detail }) => edit(setForce)(detail.checked)} description="Replace every task even if nothing else changes (for example to pull a moved :latest tag).">
            Force new deployment
          </Checkbox>
        </SpaceBetween>
        <StrategyEditor
          target={{ targetGroupArn: service.loadBalancers.find((l) => l.targetGroupArn)?.targetGroupArn ?? null, currentAlternate: service.strategy.alternateTargetGroupArn }}
          value={strategy}
          errors={checked}
          onChange={edit(setStrategy)}
          onNotNumbers={setStrategyNotNumbers}
        />
        <Container header={<Header variant="h3" description="ECS fails the deployment when any of these alarms goes into ALARM during the rollout or the bake after it.">Deployment alarms</Header>} data-testid="deployment-alarms">
          <SpaceBetween size="s">
            <SpaceBetween direction="horizontal" size="l">
              <Toggle checked={alarmsOn} onChange={({ detail }) => edit(setAlarmsOn)(detail.checked)} data-testid="alarms-on">Use alarms for this deployment</Toggle>
              <Toggle checked={alarmRollback} disabled={!alarmsOn} onChange={({ detail }) => edit(setAlarmRollback)(detail.checked)}>Roll back on alarm</Toggle>
            </SpaceBetween>
            <FormField label="Alarms" errorText={errs.alarms}>
              <Multiselect
                selectedOptions={alarmNames.map((n) => ({ value: n, label: n }))}
                options={alarms.map((a) => ({ value: a.alarmName, label: a.alarmName, description: `${a.state} · ${a.metricName}` }))}
                onChange={({ detail }) => edit(setAlarmNames)(detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean))}
                placeholder="Choose alarms"
                disabled={!alarmsOn}
                data-testid="alarm-names"
              />
            </FormField>
            <ExpandableSection headerText="Create an alarm on this service's metrics" data-testid="new-alarm">
              <AlarmEditor
                service={service}
                onCreated={(a) => {
                  setAlarms((old) => [...old.filter((x) => x.alarmName !== a.alarmName), a]);
                  edit(setAlarmNames)([...alarmNames.filter((n) => n !== a.alarmName), a.alarmName]);
                  setAlarmsOn(true);
                }}
              />
            </ExpandableSection>
          </SpaceBetween>
        </Container>
        {error && <ErrorAlert error={error} header="ECS refused the update" />}
        {changes !== null && (
          <Table
            data-testid="update-diff"
            variant="embedded"
            header={<Box variant="h3">{changes.length ? "What will change" : "Nothing would change"}</Box>}
            items={changes}
            trackBy="field"
            empty={<Box>Edit a value above, or force a new deployment.</Box>}
            columnDefinitions={[
              { id: "field", header: "Field", cell: (c) => <Box variant="code">{c.field}</Box> },
              { id: "before", header: "Now", cell: (c) => <span className="diff-removed">{c.before || "—"}</span> },
              { id: "after", header: "After the update", cell: (c) => <span className="diff-added">{c.after}</span> },
            ]}
          />
        )}
      </SpaceBetween>
    </Modal>
  );
}
