// Screens that exist in the navigation but are not built yet say so plainly; no fake data.
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";

export interface Planned {
  title: string;
  concept: string;
  plan: string;
}

export const PLANNED: Record<string, Planned> = {
  guide: {
    title: "Guide",
    concept: "The ECS walkthrough: cluster, image, task definition, task or service, load balancer, scaling, update.",
    plan: "A guided mode that tracks each step of the walkthrough as you do it in Berth.",
  },
};

export function NotBuiltYet({ title, concept, plan }: Planned) {
  return (
    <ContentLayout header={<Header variant="h1">{title}</Header>}>
      <Container header={<Header variant="h2">Not built yet</Header>} data-testid="not-built-yet">
        <Box variant="p">This page is not built yet in this version of Berth. Nothing here is fake data: there is simply nothing here yet.</Box>
        <Box variant="p">
          <strong>What it will do:</strong> {plan}
        </Box>
        <Box variant="p" color="text-body-secondary">
          {concept}
        </Box>
      </Container>
    </ContentLayout>
  );
}
