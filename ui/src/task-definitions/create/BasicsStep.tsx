// Step 1: the task: family, launch type compatibility, network mode, size and roles.
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tiles from "@cloudscape-design/components/tiles";
import { RolePicker } from "../../shell/RolePicker";
import type { StepProps } from "../../shell/wizard/StepWizard";
import { renameFamily, withNetworkMode } from "../model";
import type { LoadedModel } from "./model";
import { Info } from "../../help/help";

const COMPATIBILITY = [
  { value: "FARGATE", label: "AWS Fargate", description: "Serverless: no instances to manage. Needs awsvpc and a task size." },
  { value: "EC2", label: "Amazon EC2", description: "Your container instances. Each container needs memory." },
  { value: "FARGATE,EC2", label: "Both", description: "Runs on either; Fargate's rules apply." },
];

export function BasicsStep({ model: m, error }: StepProps<LoadedModel>) {
  const { doc, set, setDoc, rules, from } = m;
  const show = (field: string) => error(field, m.showAll || field in doc);
  const compat = ((doc.requiresCompatibilities as string[] | undefined) ?? []).join(",") || "EC2";
  const fargate = compat.includes("FARGATE");
  const cpu = String(doc.cpu ?? "");
  const memory = String(doc.memory ?? "");
  const sizes = rules?.fargateSizes ?? [];
  const memoryChoices = sizes.find((s) => String(s.cpu) === cpu)?.memory ?? [];
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Task definition</Header>}>
        <SpaceBetween size="m">
          <FormField label="Family" info={<Info topic="taskDefinition" />} description={from ? "A new revision of this family." : "Revisions of one family share its name."} errorText={show("family")} constraintText={rules?.nameRule}>
            <Input value={String(doc.family ?? "")} disabled={Boolean(from)} onChange={({ detail }) => setDoc((prev) => renameFamily(prev, detail.value))} data-testid="family" />
          </FormField>
          <FormField label="Launch type compatibility" info={<Info topic="fargateVsEc2" />} errorText={show("requiresCompatibilities")}>
            <Tiles value={compat} items={COMPATIBILITY} onChange={({ detail }) => setDoc((p) => ({ ...p, requiresCompatibilities: detail.value.split(","), ...(detail.value.includes("FARGATE") ? { networkMode: "awsvpc" } : {}) }))} />
          </FormField>
          <FormField label="Network mode" info={<Info topic="networkMode" />} errorText={show("networkMode")} description="awsvpc gives each task its own network interface and IP.">
            <Select
              selectedOption={{ value: String(doc.networkMode ?? "bridge") }}
              options={["awsvpc", "bridge", "host", "none"].map((v) => ({ value: v, disabled: fargate && v !== "awsvpc" }))}
              onChange={({ detail }) => setDoc((p) => withNetworkMode(p, detail.selectedOption.value ?? "bridge"))}
              data-testid="network-mode"
            />
          </FormField>
          <ColumnLayout columns={2}>
            <FormField label="Task CPU" info={<Info topic="cpuMemory" />} errorText={show("cpu")} description={fargate ? "Fargate sizes only." : "Optional on EC2: without it, the containers' CPU units add up."}>
              {fargate ? (
                <Select
                  selectedOption={{ value: cpu, label: cpu ? `${cpu} (${Number(cpu) / 1024} vCPU)` : "Choose" }}
                  options={sizes.map((s) => ({ value: String(s.cpu), label: `${s.cpu} (${s.cpu / 1024} vCPU)` }))}
                  onChange={({ detail }) => {
                    const c = detail.selectedOption.value ?? "";
                    const allowed = sizes.find((s) => String(s.cpu) === c)?.memory ?? [];
                    // Keep the memory if it still fits; else the smallest that does.
                    setDoc((p) => ({ ...p, cpu: c, memory: allowed.map(String).includes(memory) ? memory : String(allowed[0] ?? "") }));
                  }}
                  data-testid="task-cpu"
                />
              ) : (
                <Input value={cpu} onChange={({ detail }) => set("cpu", detail.value)} placeholder="e.g. 512" data-testid="task-cpu" />
              )}
            </FormField>
            <FormField label="Task memory (MiB)" info={<Info topic="cpuMemory" />} errorText={show("memory")} description={fargate ? (cpu ? `With ${cpu} CPU: ${memoryChoices.join(", ")}` : undefined) : "Optional on EC2: without it, each container needs a hard or soft memory limit."}>
              {fargate ? (
                <Select
                  selectedOption={{ value: memory, label: memory ? `${memory} MiB` : "Choose" }}
                  options={memoryChoices.map((m) => ({ value: String(m), label: `${m} MiB (${m / 1024} GB)` }))}
                  onChange={({ detail }) => set("memory", detail.selectedOption.value)}
                  data-testid="task-memory"
                />
              ) : (
                <Input value={memory} onChange={({ detail }) => set("memory", detail.value)} placeholder="e.g. 1024" data-testid="task-memory" />
              )}
            </FormField>
          </ColumnLayout>
          <ColumnLayout columns={2}>
            <FormField label="Task role" constraintText="optional" description="What the application's own AWS calls may do." errorText={show("taskRoleArn")}>
              <RolePicker purpose="task" value={String(doc.taskRoleArn ?? "")} onChange={(arn) => set("taskRoleArn", arn)} placeholder="None, or a role's ARN" testId="task-role" />
            </FormField>
            <FormField label="Task execution role" description="Lets ECS pull from ECR and write logs; Fargate needs it for both." errorText={error("executionRoleArn", true)}>
              <RolePicker purpose="taskExecution" value={String(doc.executionRoleArn ?? "")} onChange={(arn) => set("executionRoleArn", arn)} testId="execution-role" />
            </FormField>
          </ColumnLayout>
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}
