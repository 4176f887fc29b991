// Create cluster: name and Container Insights, tags, then a review with the equivalent
// AWS CLI command. Every value is checked as it is typed; nothing typed is lost on error.
import { useState } from "react";
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import Wizard from "@cloudscape-design/components/wizard";
import { api, toApiError, type ApiError, type NewCluster } from "../api";
import { createClusterCommand } from "../lib/cli";
import { hasTagErrors, MAX_TAGS, NAME_RULE, resourceNameError, tagErrors } from "../lib/validation";
import { useEnvironment } from "../shell/environment";
import { errorText, useNotifications } from "../shell/notifications";
import { navigate } from "../shell/router";
import { wizardStrings } from "../shell/wizard";

const I18N = wizardStrings("Create cluster");

export function CreateClusterWizard() {
  const { active } = useEnvironment();
  const { notify } = useNotifications();
  const [step, setStep] = useState(0);
  const [input, setInput] = useState<NewCluster>({ clusterName: "", containerInsights: false, tags: [] });
  const [nameTouched, setNameTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const nameError = resourceNameError(input.clusterName);
  const tagProblems = tagErrors(input.tags);
  const showNameError = nameTouched || input.clusterName.length > 0;
  const stepValid = [nameError === undefined, !hasTagErrors(tagProblems), true];
  const command = createClusterCommand(input, active);

  const setTag = (index: number, change: Partial<{ key: string; value: string }>) =>
    setInput((prev) => ({ ...prev, tags: prev.tags.map((t, i) => (i === index ? { ...t, ...change } : t)) }));

  const submit = async () => {
    setSubmitting(true);
    setFailure(null);
    try {
      const cluster = await api.createCluster(input);
      notify({ type: "success", header: `Cluster ${cluster.clusterName} created`, content: cluster.clusterArn });
      navigate("/clusters");
    } catch (e) {
      const error = toApiError(e);
      setFailure(error);
      if (error.field === "clusterName") setStep(0);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Wizard
      i18nStrings={I18N}
      activeStepIndex={step}
      isLoadingNextStep={submitting}
      onCancel={() => navigate("/clusters")}
      onSubmit={() => void submit()}
      onNavigate={({ detail }) => {
        // Moving forward past an invalid step is refused; the step shows why.
        if (detail.requestedStepIndex > step && !stepValid.slice(0, detail.requestedStepIndex).every(Boolean)) {
          setNameTouched(true);
          return;
        }
        setStep(detail.requestedStepIndex);
      }}
      steps={[
        {
          title: "Cluster configuration",
          description: "A cluster is a logical boundary that groups the capacity (Fargate or EC2 instances) your tasks run on.",
          errorText: failure && step === 0 ? errorText(failure) : undefined,
          content: (
            <Container header={<Header variant="h2">Cluster configuration</Header>}>
              <SpaceBetween size="l">
                <FormField
                  label="Cluster name"
                  constraintText={NAME_RULE}
                  errorText={showNameError ? nameError : undefined}
                  data-testid="cluster-name-field"
                >
                  <Input
                    value={input.clusterName}
                    onChange={({ detail }) => setInput((prev) => ({ ...prev, clusterName: detail.value }))}
                    onBlur={() => setNameTouched(true)}
                    placeholder="my-cluster"
                    ariaLabel="Cluster name"
                    data-testid="cluster-name"
                    autoFocus
                  />
                </FormField>
                <FormField
                  label="Container Insights"
                  description="Collects CPU, memory, network and task-count metrics per cluster, service and task into CloudWatch (billed as custom metrics)."
                >
                  <Toggle
                    checked={input.containerInsights}
                    onChange={({ detail }) => setInput((prev) => ({ ...prev, containerInsights: detail.checked }))}
                    data-testid="container-insights"
                  >
                    Use Container Insights
                  </Toggle>
                </FormField>
              </SpaceBetween>
            </Container>
          ),
        },
        {
          title: "Tags",
          isOptional: true,
          description: `Tags are key–value labels for cost allocation and search. Up to ${MAX_TAGS}.`,
          content: (
            <Container header={<Header variant="h2">Tags</Header>}>
              <AttributeEditor
                items={input.tags}
                addButtonText="Add tag"
                removeButtonText="Remove"
                disableAddButton={input.tags.length >= MAX_TAGS}
                additionalInfo={`You can add ${MAX_TAGS - input.tags.length} more tags.`}
                empty="No tags on this cluster."
                onAddButtonClick={() => setInput((prev) => ({ ...prev, tags: [...prev.tags, { key: "", value: "" }] }))}
                onRemoveButtonClick={({ detail }) =>
                  setInput((prev) => ({ ...prev, tags: prev.tags.filter((_, i) => i !== detail.itemIndex) }))
                }
                definition={[
                  {
                    label: "Key",
                    control: (tag, i) => (
                      <Input value={tag.key} onChange={({ detail }) => setTag(i, { key: detail.value })} data-testid={`tag-key-${i}`} />
                    ),
                    errorText: (_, i) => tagProblems[i]?.key,
                  },
                  {
                    label: "Value",
                    control: (tag, i) => (
                      <Input value={tag.value} onChange={({ detail }) => setTag(i, { value: detail.value })} data-testid={`tag-value-${i}`} />
                    ),
                    errorText: (_, i) => tagProblems[i]?.value,
                  },
                ]}
              />
            </Container>
          ),
        },
        {
          title: "Review and create",
          errorText: failure && step === 2 ? errorText(failure) : undefined,
          content: (
            <SpaceBetween size="l">
              <Container header={<Header variant="h2">Cluster</Header>}>
                <KeyValuePairs
                  columns={3}
                  items={[
                    { label: "Name", value: input.clusterName },
                    { label: "Container Insights", value: input.containerInsights ? "enabled" : "disabled" },
                    {
                      label: "Tags",
                      value: input.tags.length ? input.tags.map((t) => `${t.key}=${t.value}`).join(", ") : "none",
                    },
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
                    actions={
                      <CopyToClipboard
                        variant="button"
                        textToCopy={command}
                        copyButtonText="Copy"
                        copySuccessText="Command copied"
                        copyErrorText="Could not copy"
                      />
                    }
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
          ),
        },
      ]}
    />
  );
}
