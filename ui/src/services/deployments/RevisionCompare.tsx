// Two service revisions side by side: the task definition's differences (images, CPU and
// memory, environment, ports, roles) and the service configuration's (capacity, platform,
// network, load balancers), each only where they differ.
import { useEffect, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { api, toApiError, type ApiError, type Difference, type RevisionComparison, type ServiceRevision } from "../../api";
import { dateTime } from "../../lib/format";
import { ErrorAlert } from "../../shell/ErrorAlert";

function label(r: ServiceRevision): string {
  return `${r.taskDefinition} · ${r.id} · ${dateTime(r.createdAt)}`;
}

function Differences({ title, items, left, right, testId }: { title: string; items: Difference[]; left: string; right: string; testId: string }) {
  return (
    <Table
      data-testid={testId}
      variant="embedded"
      wrapLines
      header={<Header variant="h3" counter={`(${items.length})`}>{title}</Header>}
      items={items}
      trackBy="field"
      empty={<Box>The same on both sides.</Box>}
      columnDefinitions={[
        { id: "field", header: "Field", cell: (d) => <Box variant="code">{d.field}</Box>, width: 260 },
        { id: "left", header: left, cell: (d) => <span className="diff-removed">{d.left || "—"}</span> },
        { id: "right", header: right, cell: (d) => <span className="diff-added">{d.right || "—"}</span> },
      ]}
    />
  );
}

export function RevisionCompare({ revisions, left: initialLeft, right: initialRight }: { revisions: ServiceRevision[]; left: string; right: string }) {
  const [left, setLeft] = useState(initialLeft);
  const [right, setRight] = useState(initialRight);
  const [comparison, setComparison] = useState<RevisionComparison | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    setComparison(null);
    setError(null);
    api.compareServiceRevisions(left, right).then(setComparison, (e) => setError(toApiError(e)));
  }, [left, right]);
  const options = revisions.map((r) => ({ value: r.serviceRevisionArn, label: label(r) }));
  const chosen = (arn: string) => options.find((o) => o.value === arn) ?? { value: arn, label: arn.split("/").pop() ?? arn };

  return (
    <Container header={<Header variant="h2" description="Any two revisions of this service; only what differs is listed.">Compare revisions</Header>} data-testid="revision-compare">
      <SpaceBetween size="m">
        <SpaceBetween direction="horizontal" size="m" alignItems="center">
          <Select selectedOption={chosen(left)} options={options} onChange={({ detail }) => setLeft(detail.selectedOption.value ?? left)} data-testid="compare-left" />
          <Box>with</Box>
          <Select selectedOption={chosen(right)} options={options} onChange={({ detail }) => setRight(detail.selectedOption.value ?? right)} data-testid="compare-right" />
        </SpaceBetween>
        {error && <ErrorAlert error={error} header="Could not compare these revisions" />}
        {!comparison && !error && <StatusIndicator type="loading">Reading both revisions and their task definitions</StatusIndicator>}
        {comparison && (
          <>
            <Differences testId="compare-task-definition" title="Task definition" items={comparison.taskDefinition} left={comparison.left.taskDefinition} right={comparison.right.taskDefinition} />
            <Differences testId="compare-service" title="Service configuration" items={comparison.service} left={comparison.left.taskDefinition} right={comparison.right.taskDefinition} />
          </>
        )}
      </SpaceBetween>
    </Container>
  );
}
