// The guided walkthrough: seven steps, each with what it teaches, a Do it that opens the
// right screen, and a live check (berth-core's, read-only) re-run every few seconds while
// the step is open. A step is done when its check passes; the learner may also skip, go
// back or start over. For the rolling update the page keeps the fewest healthy targets it
// saw while the step was open, which only watching can know.
import { useCallback, useEffect } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import FormField from "@cloudscape-design/components/form-field";
import Grid from "@cloudscape-design/components/grid";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { api, type GuideTargets } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { navigate } from "../shell/router";
import { usePolled } from "../shell/usePolled";
import { Cleanup } from "./Cleanup";
import { Experiments } from "./Experiments";
import { useGuideProgress, type Progress } from "./progress";
import { STEPS } from "./steps";

const NAMES: { key: keyof GuideTargets; label: string }[] = [
  { key: "cluster", label: "Cluster" },
  { key: "repository", label: "ECR repository" },
  { key: "family", label: "Task-definition family" },
  { key: "service", label: "Service" },
];

export function GuidePage() {
  const { progress, update, startOver } = useGuideProgress();
  if (!progress) return <Spinner size="large" />;
  return <Guide progress={progress} update={update} startOver={startOver} />;
}

function Guide({ progress: p, update, startOver }: { progress: Progress; update: (f: (p: Progress) => Progress) => void; startOver: () => void }) {
  const text = STEPS[p.current];
  const { step } = text;
  const targetsKey = JSON.stringify(p.targets);
  const fetch = useCallback(() => api.checkGuideStep(step, JSON.parse(targetsKey) as GuideTargets), [step, targetsKey]);
  const { data: check, error } = usePolled(fetch, 3000);
  const fresh = check?.step === step ? check : null;

  // A passed check marks its step done (and no longer skipped).
  useEffect(() => {
    if (fresh?.passed && !p.done.includes(step)) update((q) => ({ ...q, done: [...q.done, step], skipped: q.skipped.filter((s) => s !== step) }));
  }, [fresh?.passed, step, p.done, update]);
  // The rolling update: remember the revision the service runs when the step opens, and
  // the fewest healthy targets seen since.
  useEffect(() => {
    if (step !== "update" || p.targets.baselineRevision !== null) return;
    api.describeService(p.targets.cluster, p.targets.service).then(
      (s) => {
        const revision = Number(s.taskDefinitionArn.split(":").pop());
        if (Number.isInteger(revision)) update((q) => ({ ...q, targets: { ...q.targets, baselineRevision: revision } }));
      },
      () => {},
    );
  }, [step, p.targets.baselineRevision, p.targets.cluster, p.targets.service, update]);
  const healthy = fresh?.healthyTargets ?? null;
  useEffect(() => {
    if (step !== "update" || healthy === null || p.targets.baselineRevision === null) return;
    const seen = p.targets.fewestHealthySeen;
    if (seen === null || healthy < seen) update((q) => ({ ...q, targets: { ...q.targets, fewestHealthySeen: healthy } }));
  }, [step, healthy, p.targets.baselineRevision, p.targets.fewestHealthySeen, update]);

  // The example's image is in the walkthrough's repository, whose URI names the account.
  const doIt = async () => {
    const uri = await api.describeRepository(p.targets.repository).then((r) => r.repositoryUri, () => undefined);
    navigate(text.target(p.targets, uri));
  };
  const go = (i: number) => update((q) => ({ ...q, current: Math.max(0, Math.min(STEPS.length - 1, i)) }));
  const passed = p.done.includes(step);
  const last = p.current === STEPS.length - 1;
  const setName = (key: keyof GuideTargets, value: string) => update((q) => ({ ...q, targets: { ...q.targets, [key]: value } }));

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description="The ECS walkthrough, done for real in this environment: each step is checked against what ECS, ECR and the load balancer hold now."
          actions={<Button onClick={startOver} data-testid="guide-start-over">Start over</Button>}
        >
          Guide
        </Header>
      }
    >
      <Grid gridDefinition={[{ colspan: { default: 12, s: 4 } }, { colspan: { default: 12, s: 8 } }]}>
        <Container header={<Header variant="h2">Steps</Header>}>
          <SpaceBetween size="s">
            {STEPS.map((s, i) => {
              const state = p.done.includes(s.step) ? "success" : p.skipped.includes(s.step) ? "stopped" : i === p.current ? "in-progress" : "pending";
              return (
                <Box key={s.step} data-testid={`guide-step-${s.step}`}>
                  <StatusIndicator type={state}>
                    <Button variant="inline-link" onClick={() => go(i)}>
                      {i + 1}. {s.title}
                    </Button>
                  </StatusIndicator>
                </Box>
              );
            })}
          </SpaceBetween>
        </Container>
        <Container
          header={
            <Header
              variant="h2"
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  {text.alternative && (
                    <Button onClick={() => navigate(text.alternative!.target(p.targets))} data-testid="guide-do-it-alternative">
                      {text.alternative.label}
                    </Button>
                  )}
                  <Button variant="primary" onClick={() => void doIt()} data-testid="guide-do-it">
                    {text.doIt}
                  </Button>
                </SpaceBetween>
              }
            >
              Step {p.current + 1}: {text.title}
            </Header>
          }
          data-testid="guide-current"
        >
          <SpaceBetween size="l">
            <SpaceBetween size="xs">
              {text.teaches.map((line) => (
                <Box key={line} variant="p">
                  {line}
                </Box>
              ))}
            </SpaceBetween>
            <SpaceBetween size="xs" data-testid="guide-check">
              <Box variant="h3">Live check</Box>
              {error && <ErrorAlert error={error} header="Could not check this step" />}
              {!fresh && !error && <StatusIndicator type="loading">Checking</StatusIndicator>}
              {fresh && (
                <StatusIndicator type={fresh.passed ? "success" : "pending"} data-testid="guide-check-status">
                  {fresh.passed ? "Done: this environment holds what the step asks." : "Not yet"}
                </StatusIndicator>
              )}
              {fresh?.found.map((f) => (
                <Box key={f} color="text-status-success">
                  ✓ {f}
                </Box>
              ))}
              {fresh?.missing.map((m) => (
                <Box key={m} color="text-status-inactive">
                  • {m}
                </Box>
              ))}
              <Box variant="small" color="text-body-secondary">
                Checked every 3 seconds with read-only calls, the same on AWS as on the sandbox.
              </Box>
            </SpaceBetween>
            <ExpandableSection headerText="Names this walkthrough uses" variant="footer">
              <ColumnLayout columns={2}>
                {NAMES.map((n) => (
                  <FormField key={n.key} label={n.label}>
                    <Input value={String(p.targets[n.key] ?? "")} onChange={({ detail }) => setName(n.key, detail.value)} />
                  </FormField>
                ))}
              </ColumnLayout>
            </ExpandableSection>
            <SpaceBetween direction="horizontal" size="xs">
              <Button disabled={p.current === 0} onClick={() => go(p.current - 1)}>
                Back
              </Button>
              <Button
                disabled={passed || last}
                onClick={() => update((q) => ({ ...q, skipped: q.skipped.includes(step) ? q.skipped : [...q.skipped, step], current: q.current + 1 }))}
              >
                Skip
              </Button>
              <Button variant="primary" disabled={!passed || last} onClick={() => go(p.current + 1)} data-testid="guide-next">
                Next step
              </Button>
            </SpaceBetween>
            {last && passed && <Box color="text-status-success">You have done the whole walkthrough.</Box>}
          </SpaceBetween>
        </Container>
      </Grid>
      <Box margin={{ top: "l" }}>
        <SpaceBetween size="l">
          <Experiments targets={p.targets} />
          <Cleanup targets={p.targets} />
        </SpaceBetween>
      </Box>
    </ContentLayout>
  );
}
