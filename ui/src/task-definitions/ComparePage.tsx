// Two revisions of a family side by side, differences highlighted line by line.
import { useEffect, useMemo, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api, toApiError, type ApiError, type TaskDefinitionJson } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { navigate } from "../shell/router";
import { useResource } from "../shell/useResource";
import { canonicalJson, diffLines } from "./diff";
import { to } from "../paths";

export function ComparePage({ family, left, right }: { family: string; left: string; right: string }) {
  const revisions = useResource(() => api.listTaskDefinitionRevisions(family), [family]);
  const [docs, setDocs] = useState<[TaskDefinitionJson, TaskDefinitionJson] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    Promise.all([api.describeTaskDefinition(`${family}:${left}`), api.describeTaskDefinition(`${family}:${right}`)]).then(
      ([a, b]) => setDocs([a.registerInput, b.registerInput]),
      (e) => setError(toApiError(e)),
    );
  }, [family, left, right]);
  const rows = useMemo(() => (docs ? diffLines(canonicalJson(docs[0]).split("\n"), canonicalJson(docs[1]).split("\n")) : []), [docs]);
  const changes = rows.filter((r) => r.kind !== "same").length;
  const options = (revisions.data ?? []).map((r) => ({ value: String(r.revision), label: `${family}:${r.revision}`, description: r.status }));
  const go = (a: string, b: string) => navigate(to("compareRevisions", { family, left: a, right: b }));

  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={docs ? `${changes} line${changes === 1 ? "" : "s"} differ` : undefined}>
        Compare revisions of {family}
      </Header>
      <SpaceBetween direction="horizontal" size="m">
        <Select selectedOption={{ value: left, label: `${family}:${left}` }} options={options} onChange={({ detail }) => go(detail.selectedOption.value ?? left, right)} />
        <Box padding={{ top: "xs" }}>with</Box>
        <Select selectedOption={{ value: right, label: `${family}:${right}` }} options={options} onChange={({ detail }) => go(left, detail.selectedOption.value ?? right)} />
      </SpaceBetween>
      {error && <ErrorAlert error={error} header="Could not load both revisions" />}
      {docs && (
        <Container>
          <div className="diff" data-testid="diff">
            {rows.flatMap((r, i) => [
              <div key={`l${i}`} className={r.left === null ? "empty" : r.kind}>{r.left ?? ""}</div>,
              <div key={`r${i}`} className={r.right === null ? "empty" : r.kind}>{r.right ?? ""}</div>,
            ])}
          </div>
        </Container>
      )}
    </SpaceBetween>
  );
}
