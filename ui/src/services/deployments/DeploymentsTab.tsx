// A service's deployments, newest first: each with its status, strategy, revisions, times
// and what stopped it, loaded a page of 20 at a time. A deployment in progress can be
// rolled back; any deployment's revision can be redeployed or opened and compared.
import { useCallback, useEffect, useRef, useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { api, toApiError, type ApiError, type DeploymentDetail, type Service, type ServiceRevision } from "../../api";
import { dateTime } from "../../lib/format";
import { ErrorAlert } from "../../shell/ErrorAlert";
import { useNotifications } from "../../shell/notifications";
import { follow } from "../../shell/router";
import { href } from "../../paths";
import { ActionModal } from "./ActionModal";
import { duration, fromTo, statusIndicator, statusText, stoppedBy } from "./model";

const ONGOING_MS = 2000;
const SETTLED_MS = 15000;

export function DeploymentsTab({ service, onChanged }: { service: Service; onChanged: () => void }) {
  const { notify } = useNotifications();
  const [deployments, setDeployments] = useState<DeploymentDetail[] | null>(null);
  const [revisions, setRevisions] = useState<ServiceRevision[]>([]);
  const [nextToken, setNextToken] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [action, setAction] = useState<"rollback" | "redeploy" | null>(null);
  // Once every older page is loaded, a refresh of the first must not offer more.
  const exhausted = useRef(false);
  const cluster = service.clusterName;
  const name = service.serviceName;

  // The first page again: what changes is at the top.
  const load = useCallback(async () => {
    try {
      const page = await api.serviceDeployments(cluster, name, null);
      setDeployments((old) => {
        const rest = (old ?? []).filter((d) => !page.deployments.some((p) => p.serviceDeploymentArn === d.serviceDeploymentArn));
        return [...page.deployments, ...rest.filter((d) => (d.createdAt ?? 0) < (page.deployments.at(-1)?.createdAt ?? 0))];
      });
      setRevisions((old) => [...page.revisions, ...old.filter((r) => !page.revisions.some((p) => p.serviceRevisionArn === r.serviceRevisionArn))]);
      setNextToken((old) => (exhausted.current ? null : (old ?? page.nextToken)));
      setError(null);
    } catch (e) {
      setError(toApiError(e));
    }
  }, [cluster, name]);
  const ongoing = deployments?.some((d) => d.canRollBack || d.status.includes("REQUESTED") || d.status === "ROLLBACK_IN_PROGRESS") ?? false;
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const timer = setTimeout(() => void load(), ongoing ? ONGOING_MS : SETTLED_MS);
    return () => clearTimeout(timer);
  }, [deployments, ongoing, load]);

  const older = async () => {
    if (!nextToken) return;
    setLoadingMore(true);
    try {
      const page = await api.serviceDeployments(cluster, name, nextToken);
      setDeployments((old) => [...(old ?? []), ...page.deployments.filter((d) => !(old ?? []).some((o) => o.serviceDeploymentArn === d.serviceDeploymentArn))]);
      setRevisions((old) => [...old, ...page.revisions.filter((r) => !old.some((o) => o.serviceRevisionArn === r.serviceRevisionArn))]);
      setNextToken(page.nextToken);
      exhausted.current = page.nextToken === null;
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setLoadingMore(false);
    }
  };

  const { items, collectionProps, paginationProps } = useCollection(deployments ?? [], {
    pagination: { pageSize: 10 },
    selection: { trackBy: "serviceDeploymentArn" },
  });
  // The selection holds the row as it was when clicked; its state is the latest read's.
  const picked = collectionProps.selectedItems?.[0]?.serviceDeploymentArn;
  const selected = deployments?.find((d) => d.serviceDeploymentArn === picked);
  const target = selected?.targetRevision?.arn;

  return (
    <SpaceBetween size="m">
      {error && <ErrorAlert error={error} header="Could not read the deployments" />}
      <Table
        {...collectionProps}
        data-testid="deployment-history"
        selectionType="single"
        loading={deployments === null}
        loadingText="Reading the deployments"
        items={items}
        trackBy="serviceDeploymentArn"
        wrapLines
        header={
          <Header
            variant="h2"
            counter={deployments ? `(${deployments.length}${nextToken ? "+" : ""})` : undefined}
            description="Every service deployment ECS keeps (90 days), newest first."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh deployments" onClick={() => void load()} />
                <Button disabled={!selected?.canRollBack} onClick={() => setAction("rollback")} data-testid="roll-back-deployment">Roll back</Button>
                <Button disabled={!target} onClick={() => setAction("redeploy")} data-testid="redeploy-revision">Redeploy this revision</Button>
              </SpaceBetween>
            }
          >
            Deployments
          </Header>
        }
        pagination={<Pagination {...paginationProps} />}
        footer={nextToken ? <Box textAlign="center"><Button loading={loadingMore} onClick={() => void older()}>Load older deployments</Button></Box> : undefined}
        empty={<Box>ECS has no deployments of this service on record.</Box>}
        columnDefinitions={[
          {
            id: "id",
            header: "Deployment",
            isRowHeader: true,
            cell: (d) => <Link href={href("serviceDeployment", { cluster, name, id: d.id })} onFollow={follow}>{d.id}</Link>,
          },
          { id: "status", header: "Status", minWidth: 160, cell: (d) => <StatusIndicator type={statusIndicator(d.status)}>{statusText(d.status)}</StatusIndicator> },
          { id: "strategy", header: "Strategy", cell: (d) => d.strategy },
          { id: "revisions", header: "Revisions", cell: (d) => fromTo(d, revisions) },
          { id: "started", header: "Started", cell: (d) => dateTime(d.startedAt ?? d.createdAt) },
          { id: "took", header: "Took", cell: (d) => duration(d) },
          { id: "stopped", header: "Stopped by", cell: (d) => stoppedBy(d) || "—" },
        ]}
      />
      {action === "rollback" && selected && (
        <ActionModal
          title={`Roll back deployment ${selected.id}`}
          verb="Roll back"
          preview={() => api.previewDeploymentRollback(cluster, name, selected.serviceDeploymentArn)}
          send={() => api.rollBackDeployment(selected.serviceDeploymentArn)}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            notify({ type: "success", content: `Deployment ${selected.id} is rolling back.` });
            void load();
            onChanged();
          }}
        />
      )}
      {action === "redeploy" && target && (
        <ActionModal
          title={`Redeploy ${fromTo({ ...selected!, sourceRevisions: [] }, revisions)}`}
          verb="Redeploy"
          preview={() => api.previewRedeploy(cluster, name, target)}
          send={() => api.redeployRevision(cluster, name, target)}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            notify({ type: "success", content: "A new deployment of that revision started." });
            void load();
            onChanged();
          }}
        />
      )}
    </SpaceBetween>
  );
}
