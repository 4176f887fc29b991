// Step 3: what will be created, and the same request as an AWS CLI command.
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { createClusterCommand } from "../../lib/cli";
import { useEnvironment } from "../../shell/environment";
import type { StepProps } from "../../shell/wizard/StepWizard";
import type { Model } from "./model";

export function ReviewStep({ model }: StepProps<Model>) {
  const { active } = useEnvironment();
  const command = createClusterCommand(model, active);
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Cluster</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: "Name", value: model.clusterName },
            { label: "Container Insights", value: model.containerInsights ? "enabled" : "disabled" },
            { label: "Tags", value: model.tags.length ? model.tags.map((t) => `${t.key}=${t.value}`).join(", ") : "none" },
            { label: "Environment", value: active ? `${active.name} (${active.region})` : "none" },
            { label: "Capacity", value: "Fargate; add EC2 capacity later" },
          ]}
        />
      </Container>
      <Container
        header={
          <Header
            variant="h2"
            description="The same request through the AWS CLI."
            actions={<CopyToClipboard variant="button" textToCopy={command} copyButtonText="Copy" copySuccessText="Command copied" copyErrorText="Could not copy" />}
          >
            AWS CLI equivalent
          </Header>
        }
      >
        <Box variant="code" data-testid="cli-command">
          {command}
        </Box>
      </Container>
    </SpaceBetween>
  );
}
