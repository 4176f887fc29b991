// Step 1: which cluster, which revision, how it launches and how many.
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { RunTaskModel } from "./model";

export function TaskStep({ model: m, error }: StepProps<RunTaskModel>) {
  const compat = (m.described?.taskDefinition.requiresCompatibilities as string[] | undefined) ?? ["EC2"];
  return (
    <Container header={<Header variant="h2">What to run</Header>}>
      <SpaceBetween size="m">
        <FormField label="Cluster" errorText={error("cluster")}>
          <Select selectedOption={m.cluster ? { value: m.cluster } : null} placeholder="Choose a cluster" options={m.clusters.map((c) => ({ value: c.clusterName }))} onChange={({ detail }) => m.setCluster(detail.selectedOption.value ?? "")} data-testid="run-cluster" />
        </FormField>
        <ColumnLayout columns={2}>
          <FormField label="Task definition family" errorText={error("taskDefinition")}>
            <Select
              selectedOption={m.family ? { value: m.family } : null}
              placeholder="Choose a family"
              options={(m.families.data ?? []).map((f) => ({ value: f.family, description: `latest ${f.latestRevision}` }))}
              onChange={({ detail }) => {
                m.setFamily(detail.selectedOption.value ?? "");
                m.setRevision("");
              }}
              data-testid="run-family"
            />
          </FormField>
          <FormField label="Revision">
            <Select
              selectedOption={m.revision ? { value: m.revision, label: `${m.family}:${m.revision}` } : null}
              placeholder="Choose a revision"
              options={(m.revisions.data ?? []).filter((r) => r.status === "ACTIVE").map((r) => ({ value: String(r.revision), label: `${m.family}:${r.revision}` }))}
              onChange={({ detail }) => m.setRevision(detail.selectedOption.value ?? "")}
            />
          </FormField>
        </ColumnLayout>
        <ColumnLayout columns={2}>
          <FormField label="Launch type" errorText={error("launchType")}>
            <Select selectedOption={{ value: m.launchType }} options={["FARGATE", "EC2"].map((v) => ({ value: v, disabled: !compat.includes(v) }))} onChange={({ detail }) => m.setLaunchType(detail.selectedOption.value ?? "FARGATE")} />
          </FormField>
          <FormField
            label="Number of tasks"
            constraintText={`RunTask starts at most 10 a call, so this is ${m.calls} call${m.calls === 1 ? "" : "s"}.`}
            errorText={m.countIsWhole ? error("count", true) : "A whole number."}
          >
            <Input type="number" value={m.count} onChange={({ detail }) => m.setCount(detail.value)} data-testid="run-count" />
          </FormField>
        </ColumnLayout>
      </SpaceBetween>
    </Container>
  );
}
