// Step 4: what will run, and the first RunTask call as an AWS CLI command.
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { api } from "../../api";
import { runTaskCommand } from "../../lib/cli";
import { CostEstimate, useEstimate } from "../../shell/CostEstimate";
import { useEnvironment } from "../../shell/environment";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { RunTaskModel } from "./model";

export function ReviewStep({ model: m }: StepProps<RunTaskModel>) {
  const { active } = useEnvironment();
  const { input, calls } = m;
  const command = runTaskCommand(input, active);
  const estimate = useEstimate(() => api.estimateRunTask(input), JSON.stringify(input));
  return (
    <SpaceBetween size="l">
      <CostEstimate estimate={estimate} testId="run-task-cost" />
      <Container header={<Header variant="h2">Summary</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: "Cluster", value: input.cluster },
            { label: "Task definition", value: input.taskDefinition },
            { label: "Launch type", value: input.launchType },
            { label: "Tasks", value: `${input.count} in ${calls} RunTask call${calls === 1 ? "" : "s"}` },
            { label: "Subnets", value: input.network?.subnets.join(", ") || "—" },
            { label: "Public IP", value: input.network ? (input.network.assignPublicIp ? "yes" : "no") : "—" },
            { label: "Client token", value: input.clientToken },
          ]}
        />
      </Container>
      <Container
        header={
          <Header
            variant="h2"
            description={calls > 1 ? `The first of ${calls} calls; each carries its own token.` : undefined}
            actions={<CopyToClipboard variant="button" textToCopy={command} copyButtonText="Copy command" copySuccessText="Copied" copyErrorText="Could not copy" />}
          >
            Equivalent AWS CLI command
          </Header>
        }
      >
        <Box variant="code" data-testid="cli-command">
          <span style={{ wordBreak: "break-all" }}>{command}</span>
        </Box>
      </Container>
    </SpaceBetween>
  );
}
