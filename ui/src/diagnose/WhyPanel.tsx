// "Why isn't it running?": berth-core's reading of a task or a service (ECS's own words
// as evidence, the cause in plain words, what to do) with a Fix button where Berth can
// do it. Shown on a task that stopped and on a service that is not at steady state.
import { useCallback, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { api, type Diagnosis, type Finding, type FixOutcome } from "../api";
import { to } from "../paths";
import { ErrorAlert } from "../shell/ErrorAlert";
import { navigate } from "../shell/router";
import { useAction } from "../shell/useAction";
import { usePolled } from "../shell/usePolled";

/** `arn:…:task-definition/web:3` → `web:3`. */
const shortRevision = (arn: string) => arn.split("/").pop() ?? arn;

export type Subject = { kind: "task"; cluster: string; task: string } | { kind: "service"; cluster: string; service: string };

export function WhyPanel({ subject }: { subject: Subject }) {
  const key = JSON.stringify(subject);
  const fetch = useCallback((): Promise<Diagnosis> => {
    const s = JSON.parse(key) as Subject;
    return s.kind === "task" ? api.explainTask(s.cluster, s.task) : api.explainService(s.cluster, s.service);
  }, [key]);
  const { data, error, reload } = usePolled(fetch, 5000);
  const [outcome, setOutcome] = useState<FixOutcome | null>(null);
  if (!data && !error) return null;
  // Nothing to explain (running, settling normally, or stopped on request): no panel.
  if (data && data.findings.length === 0 && !outcome) return null;
  return (
    <Container
      data-testid="why-panel"
      header={
        <Header variant="h2" description={data?.summary} actions={<Button iconName="refresh" ariaLabel="Check again" onClick={() => void reload()} />}>
          Why isn't it running?
        </Header>
      }
    >
      <SpaceBetween size="m">
        {error && <ErrorAlert error={error} header="Could not read what ECS says" />}
        {outcome && (
          <Alert type="success" header="Fixed" data-testid="why-fixed" dismissible onDismiss={() => setOutcome(null)}>
            <SpaceBetween size="xs">
              <Box>{outcome.message}</Box>
              {data?.runAgain && subject.kind === "task" && (
                <Button
                  onClick={() => navigate(to("runTask", {}, { cluster: subject.cluster, taskDefinition: outcome.taskDefinition ? shortRevision(outcome.taskDefinition) : data.runAgain! }))}
                  data-testid="why-run-again"
                >
                  Run it again
                </Button>
              )}
              <CodeLines lines={outcome.cli} />
            </SpaceBetween>
          </Alert>
        )}
        {data?.findings.map((f) => <FindingView key={f.cause} finding={f} onFixed={(o) => { setOutcome(o); void reload(); }} />)}
      </SpaceBetween>
    </Container>
  );
}

function FindingView({ finding: f, onFixed }: { finding: Finding; onFixed: (o: FixOutcome) => void }) {
  const { busy, error, run } = useAction();
  return (
    <SpaceBetween size="xs" data-testid={`why-${f.cause}`}>
      <StatusIndicator type="error">{f.title}</StatusIndicator>
      <Box>{f.explanation}</Box>
      <Box>
        <b>What to do:</b> {f.remedy}
      </Box>
      {f.fix && f.fixLabel && (
        <Button variant="primary" loading={busy} data-testid="why-fix" onClick={() => void run(async () => onFixed(await api.applyFix(f.fix!)))}>
          {f.fixLabel}
        </Button>
      )}
      {error && <ErrorAlert error={error} header="The fix did not go through" />}
      <ExpandableSection headerText="What ECS says" variant="footer" defaultExpanded>
        <CodeLines lines={f.evidence} />
      </ExpandableSection>
      {f.lastLogLines.length > 0 && (
        <ExpandableSection headerText="The app's last log lines" variant="footer" defaultExpanded>
          <CodeLines lines={f.lastLogLines} />
        </ExpandableSection>
      )}
    </SpaceBetween>
  );
}

/** Lines as they were written (ECS's words, log lines, commands), one to a line. */
function CodeLines({ lines }: { lines: string[] }) {
  return (
    <>
      {lines.map((l, i) => (
        <div key={i}>
          <Box variant="code" fontSize="body-s">
            {l}
          </Box>
        </div>
      ))}
    </>
  );
}
