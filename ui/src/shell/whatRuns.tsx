// What a task or service runs, shared by the run-task and create-service wizards: a
// cluster (the first one until chosen), a task-definition family and revision (the latest
// active one until chosen), and that revision's description once ECS has answered.
import { useEffect, useState } from "react";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import FormField from "@cloudscape-design/components/form-field";
import Select from "@cloudscape-design/components/select";
import { api, type DescribedTaskDefinition } from "../api";
import { useClusters } from "../clusters/useClusters";
import { useResource } from "./useResource";
import { Info } from "../help/help";

export function useWhatRuns(initialCluster: string | undefined, initialTd: string | undefined, onDescribed: (d: DescribedTaskDefinition) => void) {
  const { clusters, loading: clustersLoading } = useClusters();
  const families = useResource(api.listTaskDefinitionFamilies, []);
  const [cluster, setCluster] = useState(initialCluster ?? "");
  const [family, setFamily] = useState(initialTd?.split(":")[0] ?? "");
  const [revision, setRevision] = useState(initialTd?.split(":")[1] ?? "");
  const revisions = useResource(() => (family ? api.listTaskDefinitionRevisions(family) : Promise.resolve([])), [family]);
  const [described, setDescribed] = useState<DescribedTaskDefinition | null>(null);
  // The revision `described` answers for (also when describing it failed).
  const [describedFor, setDescribedFor] = useState("");

  useEffect(() => {
    if (!cluster && clusters[0]) setCluster(clusters[0].clusterName);
  }, [clusters, cluster]);
  useEffect(() => {
    const active = revisions.data?.filter((r) => r.status === "ACTIVE") ?? [];
    if (active.length && !active.some((r) => String(r.revision) === revision)) setRevision(String(active[0].revision));
  }, [revisions.data, revision]);
  const taskDefinition = family && revision ? `${family}:${revision}` : "";
  useEffect(() => {
    if (!taskDefinition) return setDescribed(null);
    // Only the answer for the revision still chosen counts.
    let current = true;
    api.describeTaskDefinition(taskDefinition).then(
      (d) => {
        if (!current) return;
        setDescribed(d);
        setDescribedFor(taskDefinition);
        onDescribed(d);
      },
      () => {
        if (!current) return;
        setDescribed(null);
        setDescribedFor(taskDefinition);
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onDescribed only sets the wizard's defaults for this revision
  }, [taskDefinition]);

  return {
    clusters, families, revisions, described, cluster, setCluster, family, setFamily, revision, setRevision, taskDefinition,
    compatibilities: (described?.taskDefinition.requiresCompatibilities as string[] | undefined) ?? ["EC2"],
    // Next waits for the clusters and the chosen revision: judged without them, a click was
    // refused ("Pick a cluster") just before the list arrived, and looked lost.
    loading: clustersLoading || (taskDefinition !== "" && describedFor !== taskDefinition),
  };
}

export type WhatRuns = ReturnType<typeof useWhatRuns>;

/** The cluster, family and revision fields; `testId` prefixes their data-testids. */
export function WhatRunsFields({ what: w, error, testId, revisionDescription }: { what: WhatRuns; error: (field: string) => string | undefined; testId: string; revisionDescription?: string }) {
  return (
    <>
      <FormField label="Cluster" errorText={error("cluster")}>
        <Select selectedOption={w.cluster ? { value: w.cluster } : null} placeholder="Choose a cluster" options={w.clusters.map((c) => ({ value: c.clusterName }))} onChange={({ detail }) => w.setCluster(detail.selectedOption.value ?? "")} data-testid={`${testId}-cluster`} />
      </FormField>
      <ColumnLayout columns={2}>
        <FormField label="Task definition family" info={<Info topic="taskDefinition" />} errorText={error("taskDefinition")}>
          <Select
            selectedOption={w.family ? { value: w.family } : null}
            placeholder="Choose a family"
            options={(w.families.data ?? []).map((f) => ({ value: f.family, description: `latest ${f.latestRevision}` }))}
            onChange={({ detail }) => {
              w.setFamily(detail.selectedOption.value ?? "");
              w.setRevision("");
            }}
            data-testid={`${testId}-family`}
          />
        </FormField>
        <FormField label="Revision" info={<Info topic="revision" />} description={revisionDescription}>
          <Select
            selectedOption={w.revision ? { value: w.revision, label: `${w.family}:${w.revision}` } : null}
            placeholder="Choose a revision"
            options={(w.revisions.data ?? []).filter((r) => r.status === "ACTIVE").map((r) => ({ value: String(r.revision), label: `${w.family}:${r.revision}` }))}
            onChange={({ detail }) => w.setRevision(detail.selectedOption.value ?? "")}
          />
        </FormField>
      </ColumnLayout>
    </>
  );
}
