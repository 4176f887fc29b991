// One family: every revision, ACTIVE and INACTIVE; the selected revision's JSON; export,
// compare, new revision, run and deregister.
import { useEffect, useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import { api, toApiError, type DescribedTaskDefinition, type Revision } from "../api";
import { dateTime } from "../lib/format";
import { ConfirmModal } from "../shell/ConfirmModal";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { navigate } from "../shell/router";
import { useResource } from "../shell/useResource";
import { to } from "../paths";

const COLUMNS: TableProps.ColumnDefinition<Revision>[] = [
  { id: "revision", header: "Revision", cell: (r) => r.revision, sortingField: "revision", isRowHeader: true },
  { id: "status", header: "Status", cell: (r) => <StatusIndicator type={r.status === "ACTIVE" ? "success" : "stopped"}>{r.status}</StatusIndicator>, sortingField: "status" },
  { id: "registered", header: "Registered at", cell: (r) => dateTime(r.registeredAt), sortingField: "registeredAt" },
  { id: "deregistered", header: "Deregistered at", cell: (r) => dateTime(r.deregisteredAt) },
];

export function FamilyPage({ family }: { family: string }) {
  const revisions = useResource(() => api.listTaskDefinitionRevisions(family), [family]);
  const { notify, notifyError } = useNotifications();
  const [deregistering, setDeregistering] = useState<Revision | null>(null);
  const [shown, setShown] = useState<DescribedTaskDefinition | null>(null);
  const { items, collectionProps } = useCollection(revisions.data ?? [], {
    sorting: { defaultState: { sortingColumn: COLUMNS[0], isDescending: true } },
    selection: { trackBy: "taskDefinitionArn" },
  });
  const selected = collectionProps.selectedItems ?? [];
  const one = selected.length === 1 ? selected[0] : null;
  const latest = revisions.data?.find((r) => r.status === "ACTIVE");
  const focus = one ?? latest ?? null;
  const name = (r: Revision) => `${family}:${r.revision}`;

  useEffect(() => {
    if (!focus) return setShown(null);
    let live = true;
    api.describeTaskDefinition(name(focus)).then((d) => live && setShown(d), (e) => notifyError(`Could not describe ${name(focus)}`, toApiError(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.taskDefinitionArn]);

  const exportJson = async () => {
    if (!shown || !focus) return;
    try {
      const path = await api.saveDownload(`${family}-${focus.revision}.json`, JSON.stringify(shown.registerInput, null, 2) + "\n");
      notify({ type: "success", header: `Exported ${name(focus)}`, content: `Saved to ${path}. Register it anywhere with: aws ecs register-task-definition --cli-input-json file://${path.split("/").pop()}` });
    } catch (e) {
      notifyError("Could not save the file", toApiError(e));
    }
  };

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description="Each revision is immutable; tasks and services name one (family:revision)."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={!focus} onClick={() => focus && navigate(to("runTask", {}, { taskDefinition: name(focus) }))}>Run task</Button>
            <Button variant="primary" disabled={!focus} onClick={() => focus && navigate(to("createTaskDefinition", {}, { from: name(focus) }))}>
              Create new revision
            </Button>
          </SpaceBetween>
        }
      >
        {family}
      </Header>
      {revisions.error && <ErrorAlert error={revisions.error} header="Could not list revisions" />}
      <Table
        {...collectionProps}
        data-testid="revisions-table"
        items={items}
        columnDefinitions={COLUMNS}
        trackBy="taskDefinitionArn"
        selectionType="multi"
        loading={revisions.loading && !revisions.data}
        loadingText="Loading revisions"
        header={
          <Header
            counter={`(${revisions.data?.length ?? 0})`}
            description="Select one to see it, export or deregister it; select two to compare them."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void revisions.reload()} />
                <Button disabled={selected.length !== 2} onClick={() => {
                  const [a, b] = [...selected].sort((x, y) => x.revision - y.revision);
                  navigate(to("compareRevisions", { family, left: String(a.revision), right: String(b.revision) }));
                }}>
                  Compare
                </Button>
                <Button disabled={!shown || !focus} onClick={() => void exportJson()} data-testid="export-json">
                  Export JSON
                </Button>
                <Button disabled={!one || one.status !== "ACTIVE"} onClick={() => setDeregistering(one)}>
                  Deregister
                </Button>
              </SpaceBetween>
            }
          >
            Revisions
          </Header>
        }
      />
      {shown && focus && (
        <Container header={<Header variant="h2" description="As register-task-definition --cli-input-json accepts it.">{name(focus)}</Header>}>
          <pre className="json-view" data-testid="revision-json">{JSON.stringify(shown.registerInput, null, 2)}</pre>
        </Container>
      )}
      {deregistering && (
        <ConfirmModal
          header={`Deregister ${name(deregistering)}?`}
          expected={name(deregistering)}
          confirmLabel="Deregister"
          failureHeader="ECS refused"
          onClose={() => setDeregistering(null)}
          onConfirm={async (typed) => {
            await api.deregisterTaskDefinition(name(deregistering), typed);
            setDeregistering(null);
            notify({ type: "success", content: `${name(deregistering)} is now INACTIVE.` });
            void revisions.reload();
          }}
        >
          <Box variant="p">
            An INACTIVE revision can no longer start new tasks or services. Running tasks and services that use it keep running and can still scale.
          </Box>
        </ConfirmModal>
      )}
    </SpaceBetween>
  );
}
