// One container of a task definition: image, size, ports, environment, command, health
// check, logging and start order. Every control writes straight into the container's JSON.
import { useState } from "react";
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Autosuggest from "@cloudscape-design/components/autosuggest";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import Toggle from "@cloudscape-design/components/toggle";
import { mergeEnv, parseEnvLines, splitList, type Container as Def, type Json } from "./model";
import { Info } from "../help/help";

interface Props {
  container: Def;
  index: number;
  errors: Map<string, string>;
  otherNames: string[];
  imageOptions: { value: string; description?: string }[];
  region: string;
  /** The task's network mode: bridge lets a host port differ or be dynamic. */
  networkMode: string;
  canRemove: boolean;
  onChange: (next: Def) => void;
  onRemove: () => void;
}

type Pair = { name: string; value: string };
type Port = { containerPort?: number; hostPort?: number; protocol?: string; name?: string };
type Dependency = { containerName: string; condition: string };
type HealthCheck = { command?: string[]; interval?: number; timeout?: number; retries?: number; startPeriod?: number };

const num = (text: string): number | undefined => (text.trim() === "" ? undefined : Number(text));
const str = (v: Json): string => (v === undefined || v === null ? "" : String(v));

export function ContainerEditor({ container: c, index, errors, otherNames, imageOptions, region, networkMode, canRemove, onChange, onRemove }: Props) {
  const [bulk, setBulk] = useState("");
  const at = (field: string) => errors.get(`containerDefinitions[${index}].${field}`);
  const set = (field: string, value: Json) => {
    const next = { ...c };
    if (value === undefined) delete next[field];
    else next[field] = value;
    onChange(next);
  };
  const ports = (c.portMappings as Port[] | undefined) ?? [];
  const env = (c.environment as Pair[] | undefined) ?? [];
  const deps = (c.dependsOn as Dependency[] | undefined) ?? [];
  const health = c.healthCheck as HealthCheck | undefined;
  const log = c.logConfiguration as { logDriver?: string; options?: Record<string, string> } | undefined;
  const awslogs = log?.logDriver === "awslogs";
  const logOptions = log?.options ?? {};
  const setLogOption = (key: string, value: string) => set("logConfiguration", { ...log, logDriver: "awslogs", options: { ...logOptions, [key]: value } });
  const setHealth = (change: Partial<HealthCheck>) => set("healthCheck", { ...health, ...change });
  const name = str(c.name);

  return (
    <Container
      data-testid={`container-${index}`}
      header={
        <Header variant="h3" actions={canRemove && <Button onClick={onRemove}>Remove container</Button>}>
          Container {index + 1}
          {name ? `: ${name}` : ""}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <ColumnLayout columns={2}>
          <FormField label="Name" errorText={at("name")}>
            <Input value={name} onChange={({ detail }) => set("name", detail.value)} data-testid="container-name" />
          </FormField>
          <FormField label="Image" description="A repository URI with a tag or digest; pick one from ECR or type any image." errorText={at("image")}>
            <Autosuggest
              value={str(c.image)}
              onChange={({ detail }) => set("image", detail.value)}
              options={imageOptions}
              enteredTextLabel={(v) => `Use: ${v}`}
              placeholder="nginx:1.27 or 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1"
              empty="No ECR images in this region"
              data-testid="container-image"
            />
          </FormField>
        </ColumnLayout>
        <Toggle checked={c.essential !== false} onChange={({ detail }) => set("essential", detail.checked)} description="If an essential container stops, the whole task stops.">
          Essential
        </Toggle>
        <ColumnLayout columns={3}>
          <FormField label="CPU units" info={<Info topic="cpuMemory" />} constraintText="optional; 1024 = 1 vCPU" errorText={at("cpu")}>
            <Input type="number" value={str(c.cpu)} onChange={({ detail }) => set("cpu", num(detail.value))} data-testid="container-cpu" />
          </FormField>
          <FormField label="Memory hard limit (MiB)" info={<Info topic="cpuMemory" />} constraintText="optional" errorText={at("memory")}>
            <Input type="number" value={str(c.memory)} onChange={({ detail }) => set("memory", num(detail.value))} data-testid="container-memory" />
          </FormField>
          <FormField label="Memory soft limit (MiB)" constraintText="optional: memoryReservation" errorText={at("memoryReservation")}>
            <Input type="number" value={str(c.memoryReservation)} onChange={({ detail }) => set("memoryReservation", num(detail.value))} />
          </FormField>
        </ColumnLayout>
        <FormField
          label="Port mappings" info={<Info topic="networkMode" />}
          description={
            networkMode === "bridge"
              ? "bridge: leave the host port empty (or 0) for a dynamic one from 49153–65535, so several copies fit on one instance; a fixed host port allows one copy per instance."
              : `${networkMode}: the host port is the container port.`
          }
        >
          <AttributeEditor<Port>
            items={ports}
            addButtonText="Add port mapping"
            removeButtonText="Remove"
            empty="No ports: the container accepts no inbound traffic."
            onAddButtonClick={() => set("portMappings", [...ports, { containerPort: 80, protocol: "tcp" }])}
            onRemoveButtonClick={({ detail }) => set("portMappings", ports.filter((_, i) => i !== detail.itemIndex))}
            definition={[
              {
                label: "Container port",
                control: (p, i) => (
                  <Input type="number" value={str(p.containerPort)} onChange={({ detail }) => set("portMappings", ports.map((x, j) => (j === i ? { ...x, containerPort: num(detail.value) } : x)))} data-testid="port-number" />
                ),
                errorText: (_, i) => at(`portMappings[${i}].containerPort`) ?? (networkMode === "bridge" ? undefined : at(`portMappings[${i}].hostPort`)),
              },
              ...(networkMode === "bridge"
                ? [
                    {
                      label: "Host port",
                      control: (p: Port, i: number) => (
                        <Input
                          type="number"
                          value={p.hostPort ? String(p.hostPort) : ""}
                          placeholder="dynamic"
                          onChange={({ detail }) => set("portMappings", ports.map((x, j) => (j === i ? { ...x, hostPort: num(detail.value) ?? 0 } : x)))}
                          data-testid="host-port"
                        />
                      ),
                      errorText: (_: Port, i: number) => at(`portMappings[${i}].hostPort`),
                    },
                  ]
                : []),
              {
                label: "Protocol",
                control: (p, i) => (
                  <Select
                    selectedOption={{ value: p.protocol ?? "tcp" }}
                    options={[{ value: "tcp" }, { value: "udp" }]}
                    onChange={({ detail }) => set("portMappings", ports.map((x, j) => (j === i ? { ...x, protocol: detail.selectedOption.value } : x)))}
                  />
                ),
                errorText: (_, i) => at(`portMappings[${i}].protocol`),
              },
              {
                label: "Name",
                control: (p, i) => (
                  <Input value={p.name ?? ""} placeholder="http" onChange={({ detail }) => set("portMappings", ports.map((x, j) => (j === i ? { ...x, name: detail.value || undefined } : x)))} />
                ),
                errorText: (_, i) => at(`portMappings[${i}].name`),
              },
            ]}
          />
        </FormField>
        <FormField label="Environment variables" description="Plain values, visible in the task definition; put secrets in Secrets Manager and reference them with `secrets`.">
          <SpaceBetween size="s">
            <AttributeEditor<Pair>
              items={env}
              addButtonText="Add variable"
              removeButtonText="Remove"
              empty="No environment variables."
              onAddButtonClick={() => set("environment", [...env, { name: "", value: "" }])}
              onRemoveButtonClick={({ detail }) => set("environment", env.filter((_, i) => i !== detail.itemIndex))}
              definition={[
                {
                  label: "Name",
                  control: (e, i) => <Input value={e.name} onChange={({ detail }) => set("environment", env.map((x, j) => (j === i ? { ...x, name: detail.value } : x)))} />,
                  errorText: (_, i) => at(`environment[${i}].name`),
                },
                { label: "Value", control: (e, i) => <Input value={e.value} onChange={({ detail }) => set("environment", env.map((x, j) => (j === i ? { ...x, value: detail.value } : x)))} /> },
              ]}
            />
            <ExpandableSection headerText="Paste KEY=value lines">
              <SpaceBetween size="xs">
                <Textarea value={bulk} onChange={({ detail }) => setBulk(detail.value)} placeholder={"LOG_LEVEL=info\nPORT=8080"} rows={4} data-testid="env-bulk" />
                <Button
                  disabled={!bulk.trim()}
                  onClick={() => {
                    set("environment", mergeEnv(env, parseEnvLines(bulk)));
                    setBulk("");
                  }}
                >
                  Add these variables
                </Button>
              </SpaceBetween>
            </ExpandableSection>
          </SpaceBetween>
        </FormField>
        <ColumnLayout columns={2}>
          <FormField label="Command" constraintText="optional; comma-separated, e.g. npm,start" errorText={at("command")}>
            <Input value={((c.command as string[] | undefined) ?? []).join(",")} onChange={({ detail }) => set("command", splitList(detail.value))} />
          </FormField>
          <FormField label="Entry point" constraintText="optional; comma-separated" errorText={at("entryPoint")}>
            <Input value={((c.entryPoint as string[] | undefined) ?? []).join(",")} onChange={({ detail }) => set("entryPoint", splitList(detail.value))} />
          </FormField>
        </ColumnLayout>
        <ExpandableSection headerText="Health check" defaultExpanded={Boolean(health)}>
          <SpaceBetween size="s">
            <Checkbox checked={Boolean(health)} onChange={({ detail }) => set("healthCheck", detail.checked ? { command: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], interval: 30, timeout: 5, retries: 3, startPeriod: 0 } : undefined)}>
              Check this container's health
            </Checkbox>
            {health && (
              <>
                <FormField label="Command" description="Run with CMD-SHELL; exit 0 means healthy." errorText={at("healthCheck.command")}>
                  <Input
                    value={health.command?.[0] === "CMD-SHELL" ? health.command.slice(1).join(" ") : (health.command ?? []).join(" ")}
                    onChange={({ detail }) => setHealth({ command: ["CMD-SHELL", detail.value] })}
                  />
                </FormField>
                <ColumnLayout columns={4}>
                  {(["interval", "timeout", "retries", "startPeriod"] as const).map((k) => (
                    <FormField key={k} label={k} errorText={at(`healthCheck.${k}`)}>
                      <Input type="number" value={str(health[k])} onChange={({ detail }) => setHealth({ [k]: num(detail.value) })} />
                    </FormField>
                  ))}
                </ColumnLayout>
              </>
            )}
          </SpaceBetween>
        </ExpandableSection>
        <ExpandableSection headerText="Logging" defaultExpanded>
          <SpaceBetween size="s">
            <Checkbox
              checked={awslogs}
              onChange={({ detail }) =>
                set("logConfiguration", detail.checked ? { logDriver: "awslogs", options: { "awslogs-group": "/ecs/app", "awslogs-region": region, "awslogs-stream-prefix": "ecs" } } : undefined)
              }
            >
              Send output to CloudWatch Logs (awslogs)
            </Checkbox>
            {awslogs && (
              <ColumnLayout columns={3}>
                <FormField label="Log group" errorText={at("logConfiguration.options.awslogs-group")}>
                  <Input value={logOptions["awslogs-group"] ?? ""} onChange={({ detail }) => setLogOption("awslogs-group", detail.value)} data-testid="log-group" />
                </FormField>
                <FormField label="Region" errorText={at("logConfiguration.options.awslogs-region")}>
                  <Input value={logOptions["awslogs-region"] ?? ""} onChange={({ detail }) => setLogOption("awslogs-region", detail.value)} />
                </FormField>
                <FormField label="Stream prefix" description="Streams are named prefix/container/task-id." errorText={at("logConfiguration.options.awslogs-stream-prefix")}>
                  <Input value={logOptions["awslogs-stream-prefix"] ?? ""} onChange={({ detail }) => setLogOption("awslogs-stream-prefix", detail.value)} />
                </FormField>
              </ColumnLayout>
            )}
          </SpaceBetween>
        </ExpandableSection>
        {otherNames.length > 0 && (
          <FormField label="Start order (dependsOn)" description="Start this container only once another reaches a condition.">
            <AttributeEditor<Dependency>
              items={deps}
              addButtonText="Add dependency"
              removeButtonText="Remove"
              empty={<Box variant="small">Starts with the others.</Box>}
              onAddButtonClick={() => set("dependsOn", [...deps, { containerName: otherNames[0], condition: "START" }])}
              onRemoveButtonClick={({ detail }) => set("dependsOn", deps.filter((_, i) => i !== detail.itemIndex))}
              definition={[
                {
                  label: "Container",
                  control: (d, i) => (
                    <Select
                      selectedOption={{ value: d.containerName }}
                      options={otherNames.map((n) => ({ value: n }))}
                      onChange={({ detail }) => set("dependsOn", deps.map((x, j) => (j === i ? { ...x, containerName: detail.selectedOption.value ?? "" } : x)))}
                    />
                  ),
                  errorText: (_, i) => at(`dependsOn[${i}].containerName`),
                },
                {
                  label: "Condition",
                  control: (d, i) => (
                    <Select
                      selectedOption={{ value: d.condition }}
                      options={["START", "COMPLETE", "SUCCESS", "HEALTHY"].map((v) => ({ value: v }))}
                      onChange={({ detail }) => set("dependsOn", deps.map((x, j) => (j === i ? { ...x, condition: detail.selectedOption.value ?? "START" } : x)))}
                    />
                  ),
                  errorText: (_, i) => at(`dependsOn[${i}].condition`),
                },
              ]}
            />
          </FormField>
        )}
      </SpaceBetween>
    </Container>
  );
}
