// Experiments after the walkthrough, on the sandbox only: stop a task and watch the
// service replace it; roll out a crashing image and watch the circuit breaker roll it
// back; raise traffic and watch auto scaling add tasks, then lower it and watch them go.
// Each narrates what ECS is doing from the service's live events and deployments.
import { useCallback, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, type GuideTargets, type Service } from "../api";
import { ConfirmModal } from "../shell/ConfirmModal";
import { useEnvironment } from "../shell/environment";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useAction } from "../shell/useAction";
import { usePolled } from "../shell/usePolled";
import { narrate } from "./narration";

type Experiment = "replace" | "rollback" | "scale";

export function Experiments({ targets }: { targets: GuideTargets }) {
  const { active } = useEnvironment();
  const [started, setStarted] = useState<{ which: Experiment; after: string | null } | null>(null);
  const [stopping, setStopping] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const fetch = useCallback(() => api.describeService(targets.cluster, targets.service), [targets.cluster, targets.service]);
  const { data: service } = usePolled(fetch, 2000);
  if (active?.kind.type !== "sandbox") return null;
  const region = active.region;

  const stopOne = () =>
    run(async () => {
      const tasks: string[] = [];
      await api.listTasks(targets.cluster, { desiredStatus: "RUNNING", serviceName: targets.service, family: null, launchType: null }, (b) => tasks.push(...b.filter((t) => t.lastStatus === "RUNNING").map((t) => t.taskArn)));
      if (tasks.length === 0) throw { code: "NoTask", message: `Service ${targets.service} has no running task to stop.`, hint: null, field: null };
      setStopping(tasks[0]);
    });
  const rollOutCrash = () =>
    run(async () => {
      if (!service) return;
      await api.pushSampleImage(region, targets.repository, "crash");
      const current = await api.describeTaskDefinition(service.taskDefinitionArn);
      const input = structuredClone(current.registerInput) as { containerDefinitions: { image: string }[] };
      input.containerDefinitions[0].image = input.containerDefinitions[0].image.replace(/:[^:/@]+$|@sha256:.*$/, "") + ":crash";
      const registered = await api.registerTaskDefinition(input as Record<string, unknown>, false);
      setStarted({ which: "rollback", after: service.events[0]?.id ?? null });
      await api.updateService({
        cluster: targets.cluster,
        service: targets.service,
        taskDefinition: String(registered.taskDefinition.taskDefinitionArn),
        desiredCount: null,
        forceNewDeployment: false,
        deploymentConfiguration: { ...service.deploymentConfiguration, circuitBreaker: true, rollback: true },
        healthCheckGracePeriodSeconds: null,
      });
    });
  const traffic = (rps: number) =>
    run(async () => {
      setStarted({ which: "scale", after: service?.events[0]?.id ?? null });
      await api.setServiceTraffic(region, targets.cluster, targets.service, rps);
    });

  return (
    <Container
      data-testid="guide-experiments"
      header={
        <Header variant="h2" description="Sandbox only: things you would rather not do to a real service, to see how ECS answers. Each narrates what ECS does as it happens.">
          Experiments
        </Header>
      }
    >
      <SpaceBetween size="m">
        {!service && <Box color="text-status-inactive">The experiments need the walkthrough's service ({targets.service} on {targets.cluster}).</Box>}
        <SpaceBetween direction="horizontal" size="xs">
          <Button disabled={!service || busy} onClick={() => void stopOne()} data-testid="experiment-replace">
            Stop a task
          </Button>
          <Button disabled={!service || busy} onClick={() => void rollOutCrash()} data-testid="experiment-rollback">
            Roll out a crashing image
          </Button>
          <Button disabled={!service || busy} onClick={() => void traffic(2000)} data-testid="experiment-traffic-up">
            Turn traffic up
          </Button>
          <Button disabled={!service || busy} onClick={() => void traffic(20)} data-testid="experiment-traffic-down">
            Turn traffic down
          </Button>
        </SpaceBetween>
        {error && <ErrorAlert error={error} header="The experiment did not start" />}
        {started && service && <Narration service={service} after={started.after} which={started.which} />}
      </SpaceBetween>
      {stopping && (
        <ConfirmModal
          header="Stop a task"
          expected="stop"
          confirmLabel="Stop it"
          failureHeader="Could not stop the task"
          onClose={() => setStopping(null)}
          onConfirm={async (typed) => {
            setStarted({ which: "replace", after: service?.events[0]?.id ?? null });
            await api.stopTask(targets.cluster, stopping, "Berth guide experiment: the service should replace this task", typed);
            setStopping(null);
          }}
        >
          <Box>One of {targets.service}'s tasks stops as if it had failed. Type stop to go on.</Box>
        </ConfirmModal>
      )}
    </Container>
  );
}

const INTRO: Record<Experiment, string> = {
  replace: "You stopped a task. The service wants its desired count running, so ECS should notice the gap and start a replacement.",
  rollback: "A new revision with a crashing image is rolling out with the circuit breaker on. Each new task exits at once; after enough failures ECS stops the rollout and rolls back to the last revision that completed.",
  scale: "Traffic changed. Auto scaling watches the service's average CPU each minute and moves the desired count toward its target: out quickly, in slowly.",
};

function Narration({ service, after, which }: { service: Service; after: string | null; which: Experiment }) {
  // Events come newest first: those before the one newest when the experiment began.
  const seen = after === null ? -1 : service.events.findIndex((e) => e.id === after);
  const lines = (seen === -1 ? service.events : service.events.slice(0, seen)).slice(0, 30).reverse();
  const primary = service.deployments.find((d) => d.status === "PRIMARY");
  return (
    <Alert type="info" header="What ECS is doing" data-testid="experiment-narration">
      <SpaceBetween size="xs">
        <Box>{INTRO[which]}</Box>
        <Box variant="small">
          Now: {service.runningCount} running, {service.pendingCount} pending, desired {service.desiredCount}
          {primary ? `; newest deployment ${primary.rolloutState ?? ""}${primary.failedTasks ? `, ${primary.failedTasks} failed tasks` : ""}` : ""}.
        </Box>
        {lines.length === 0 && <Box color="text-status-inactive">Waiting for ECS's first event…</Box>}
        {lines.map((e) => (
          <Box key={e.id}>
            <b>{narrate(e.message)}</b> <Box variant="small" display="inline" color="text-body-secondary">({e.message})</Box>
          </Box>
        ))}
      </SpaceBetween>
    </Alert>
  );
}
