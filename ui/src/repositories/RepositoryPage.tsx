// One repository: its settings, its images, and the commands that push a new one.
import { useState } from "react";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import { api, toApiError, type Image } from "../api";
import { bytes, dateTime, shortDigest } from "../lib/format";
import { ConfirmModal } from "../shell/ConfirmModal";
import { useEnvironment } from "../shell/environment";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { useResource } from "../shell/useResource";

const IMAGE_COLUMNS: TableProps.ColumnDefinition<Image>[] = [
  { id: "tags", header: "Tags", cell: (i) => (i.imageTags.length ? i.imageTags.join(", ") : <Box color="text-status-inactive">untagged</Box>), isRowHeader: true },
  {
    id: "digest",
    header: "Digest",
    cell: (i) => <CopyToClipboard variant="inline" textToCopy={i.imageDigest} copySuccessText="Digest copied" copyErrorText="Could not copy" textToDisplay={shortDigest(i.imageDigest)} />,
  },
  { id: "pushed", header: "Pushed at", cell: (i) => dateTime(i.pushedAt), sortingField: "pushedAt" },
  { id: "size", header: "Size", cell: (i) => bytes(i.sizeBytes), sortingField: "sizeBytes" },
];

export function RepositoryPage({ name }: { name: string }) {
  const repo = useResource(() => api.describeRepository(name), [name]);
  const images = useResource(() => api.listImages(name), [name]);
  const uri = repo.data?.repositoryUri;
  const commands = useResource(() => (uri ? api.pushCommands(uri) : Promise.resolve([])), [uri]);
  const { active } = useEnvironment();
  const { notify, notifyError } = useNotifications();
  const [deleting, setDeleting] = useState<Image[] | null>(null);
  const [sampleTag, setSampleTag] = useState("latest");
  const [pushing, setPushing] = useState(false);
  const { items, collectionProps } = useCollection(images.data ?? [], {
    sorting: { defaultState: { sortingColumn: IMAGE_COLUMNS[2], isDescending: true } },
    selection: { trackBy: "imageDigest" },
  });
  const selected = collectionProps.selectedItems ?? [];
  const sandbox = active?.kind.type === "sandbox";

  const pushSample = async () => {
    if (!active) return;
    setPushing(true);
    try {
      const pushed = await api.pushSampleImage(active.region, name, sampleTag);
      notify({ type: "success", header: `Sample image pushed as ${name}:${pushed.imageTag}`, content: pushed.imageDigest });
      await Promise.all([images.reload(), repo.reload()]);
    } catch (e) {
      notifyError("Could not push the sample image", toApiError(e));
    } finally {
      setPushing(false);
    }
  };

  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={uri}>
        {name}
      </Header>
      {repo.error && <ErrorAlert error={repo.error} header="Could not describe the repository" />}
      {repo.data && (
        <Container header={<Header variant="h2">Details</Header>}>
          <KeyValuePairs
            columns={4}
            items={[
              { label: "URI", value: <CopyToClipboard variant="inline" textToCopy={repo.data.repositoryUri} copySuccessText="URI copied" copyErrorText="Could not copy" /> },
              { label: "Created", value: dateTime(repo.data.createdAt) },
              { label: "Tag immutability", value: repo.data.imageTagMutability === "IMMUTABLE" ? "Immutable" : "Mutable" },
              { label: "Scan on push", value: repo.data.scanOnPush ? "On" : "Off" },
              { label: "Encryption", value: repo.data.kmsKey ? `KMS (${repo.data.kmsKey})` : repo.data.encryptionType },
              { label: "Registry", value: repo.data.registryId },
            ]}
          />
        </Container>
      )}
      <Table
        {...collectionProps}
        data-testid="images-table"
        items={items}
        columnDefinitions={IMAGE_COLUMNS}
        trackBy="imageDigest"
        selectionType="multi"
        loading={images.loading && !images.data}
        loadingText="Loading images"
        empty={<Box textAlign="center">No images yet. Push one with the commands below{sandbox ? ", or push the sandbox's sample image" : ""}.</Box>}
        header={
          <Header
            counter={`(${images.data?.length ?? 0})`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh images" onClick={() => void images.reload()} />
                <Button disabled={selected.length === 0} onClick={() => setDeleting([...selected])}>
                  Delete
                </Button>
              </SpaceBetween>
            }
          >
            Images
          </Header>
        }
      />
      {images.error && <ErrorAlert error={images.error} header="Could not list images" />}
      <Container header={<Header variant="h2" description="Run these where your Dockerfile is: log in, build, tag, push. Berth never runs Docker for you.">Push commands</Header>}>
        <SpaceBetween size="s">
          {(commands.data ?? []).map((c, i) => (
            <div key={c.title} data-testid="push-command">
              <Box variant="awsui-key-label">
                {i + 1}. {c.title}
              </Box>
              <SpaceBetween direction="horizontal" size="xxs" alignItems="center">
                <CopyToClipboard variant="icon" textToCopy={c.command} copyButtonAriaLabel={`Copy: ${c.title}`} copySuccessText="Command copied" copyErrorText="Could not copy" />
                <Box variant="code">{c.command}</Box>
              </SpaceBetween>
            </div>
          ))}
          {sandbox && (
            <Box variant="small">The local sandbox keeps image manifests but has no Docker registry to push layers to; use the sample image instead.</Box>
          )}
        </SpaceBetween>
      </Container>
      {sandbox && (
        <Container header={<Header variant="h2" description="Adds a small image (PutImage) so the rest of the walkthrough works offline.">Sandbox: push the sample image</Header>}>
          <SpaceBetween direction="horizontal" size="xs" alignItems="end">
            <FormField label="Tag">
              <Input value={sampleTag} onChange={({ detail }) => setSampleTag(detail.value)} data-testid="sample-tag" />
            </FormField>
            <Button loading={pushing} onClick={() => void pushSample()} data-testid="push-sample">
              Push sample image
            </Button>
          </SpaceBetween>
        </Container>
      )}
      {deleting && (
        <ConfirmModal
          header={`Delete ${deleting.length} image${deleting.length === 1 ? "" : "s"}?`}
          expected="delete"
          confirmLabel="Delete"
          failureHeader="ECR refused"
          onClose={() => setDeleting(null)}
          onConfirm={async (typed) => {
            const kept = await api.deleteImages(name, deleting.map((i) => i.imageDigest), typed);
            setDeleting(null);
            if (kept.length) notify({ type: "warning", header: `ECR kept ${kept.length} image(s)`, content: kept.map(([d, r]) => `${shortDigest(d)}: ${r}`).join("; ") });
            else notify({ type: "success", content: `Deleted ${deleting.length} image(s) from ${name}.` });
            await Promise.all([images.reload(), repo.reload()]);
          }}
        >
          <Box variant="p">Tasks already running keep their image; new tasks naming these digests or tags will fail to pull.</Box>
          <ul>
            {deleting.map((i) => (
              <li key={i.imageDigest}>
                {i.imageTags.join(", ") || "untagged"} — {shortDigest(i.imageDigest)}
              </li>
            ))}
          </ul>
        </ConfirmModal>
      )}
    </SpaceBetween>
  );
}
