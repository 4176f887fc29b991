// A blue/green, linear or canary deployment's stages as ECS walks them, the traffic split
// between the revisions, and its lifecycle hooks: a pause awaiting a person shows its
// timeout counting down with Continue and Roll back beside it (ContinueServiceDeployment),
// the CLI command underneath.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { api, type DeploymentDetail, type HookDetail } from "../../api";
import { ErrorAlert } from "../../shell/ErrorAlert";
import { useAction } from "../../shell/useAction";
import { useNotifications } from "../../shell/notifications";

const STAGES = ["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"];

/** "12 min 5 s left", from the endpoint's expiry and the time now on the same clock. */
export function countdown(expiresAt: number | null, now: number): string {
  if (expiresAt == null) return "—";
  const left = Math.max(0, Math.round(expiresAt - now));
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return h ? `${h} h ${m} min left` : m ? `${m} min ${s} s left` : `${s} s left`;
}

function HookActions({ deployment, hook, onChanged }: { deployment: DeploymentDetail; hook: HookDetail; onChanged: () => void }) {
  const { notify } = useNotifications();
  const act = useAction();
  const [cli, setCli] = useState("");
  useEffect(() => {
    api.continueCommand(deployment.serviceDeploymentArn, hook.hookId, "CONTINUE").then(setCli, () => setCli(""));
  }, [deployment.serviceDeploymentArn, hook.hookId]);
  const answer = (action: "CONTINUE" | "ROLLBACK") =>
    void act.run(async () => {
      await api.continueDeployment(deployment.serviceDeploymentArn, hook.hookId, action);
      notify({ type: "success", content: action === "CONTINUE" ? "The deployment goes on." : "The deployment rolls back to the old revision." });
      onChanged();
    });
  return (
    <SpaceBetween size="xs">
      <SpaceBetween direction="horizontal" size="xs">
        <Button variant="primary" loading={act.busy} onClick={() => answer("CONTINUE")} data-testid="hook-continue">Continue</Button>
        <Button loading={act.busy} onClick={() => answer("ROLLBACK")} data-testid="hook-roll-back">Roll back</Button>
      </SpaceBetween>
      {act.error && <ErrorAlert error={act.error} header="ECS refused" />}
      {cli && <Box variant="code" fontSize="body-s" data-testid="hook-cli"><span style={{ wordBreak: "break-all" }}>{cli}</span></Box>}
    </SpaceBetween>
  );
}

export function LifecyclePanel({ deployment, now, onChanged }: { deployment: DeploymentDetail; now: number; onChanged: () => void }) {
  const current = STAGES.indexOf(deployment.lifecycleStage ?? "");
  const finished = !["PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"].includes(deployment.status);
  const green = deployment.productionTrafficWeight ?? (deployment.status === "SUCCESSFUL" ? 100 : 0);
  return (
    <Container data-testid="lifecycle" header={<Header variant="h2" description={`${deployment.strategy.replace("_", "/").toLowerCase()}: the new revision starts beside the old behind the alternate target group, then traffic moves.`}>Stages and traffic</Header>}>
      <SpaceBetween size="m">
        <div className="stage-strip" data-testid="stages">
          {STAGES.map((s, i) => {
            const type = finished ? (deployment.status === "SUCCESSFUL" ? "success" : "stopped") : i < current ? "success" : i === current ? "in-progress" : "pending";
            return (
              <StatusIndicator key={s} type={type}>
                {s.toLowerCase().replaceAll("_", " ")}
              </StatusIndicator>
            );
          })}
        </div>
        <ProgressBar
          data-testid="traffic-split"
          value={green}
          label="Production traffic on the new revision"
          description={`Old revision ${100 - green}% · new revision ${green}%${deployment.testTrafficWeight != null ? ` · test traffic on the new revision: ${deployment.testTrafficWeight}%` : ""}`}
        />
        <Table
          data-testid="hooks"
          variant="embedded"
          header={<Header variant="h3" counter={`(${deployment.hooks.length})`}>Lifecycle hooks</Header>}
          items={deployment.hooks}
          trackBy="hookId"
          wrapLines
          empty={<Box>No hook has run yet.</Box>}
          columnDefinitions={[
            { id: "type", header: "Hook", width: 150, cell: (h) => (h.targetType === "PAUSE" ? "Pause (manual approval)" : `Lambda ${h.targetArn ?? ""}`) },
            { id: "status", header: "Status", minWidth: 160, cell: (h) => <StatusIndicator type={h.status === "AWAITING_ACTION" ? "pending" : h.status === "SUCCEEDED" ? "success" : h.status === "IN_PROGRESS" ? "in-progress" : "error"}>{h.status === "AWAITING_ACTION" ? "Waiting for you" : h.status.toLowerCase().replaceAll("_", " ")}</StatusIndicator> },
            { id: "timeout", header: "Timeout", cell: (h) => (h.status === "AWAITING_ACTION" || h.status === "IN_PROGRESS" ? <span data-testid="hook-countdown">{`${countdown(h.expiresAt, now)}, then ${h.timeoutAction === "CONTINUE" ? "continue" : "roll back"}`}</span> : "—") },
            { id: "actions", header: "", cell: (h) => (h.status === "AWAITING_ACTION" && deployment.status === "IN_PROGRESS" ? <HookActions deployment={deployment} hook={h} onChanged={onChanged} /> : null) },
          ]}
        />
      </SpaceBetween>
    </Container>
  );
}
