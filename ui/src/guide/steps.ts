// The walkthrough's seven steps as the Guide screen tells them: what each teaches, in
// Berth's words, and where its Do it leads. Whether a step is done is berth-core's check.
import type { GuideStep, GuideTargets } from "../api";
import { to } from "../paths";

/** The tag on what the guide's Do it creates; its clean-up finds it by this tag too. */
export const GUIDE_TAG = "berth:guide";

export interface StepText {
  step: GuideStep;
  title: string;
  teaches: string[];
  doIt: string;
  /** Where Do it goes, with the walkthrough's names filled in (and the repository's URI once known). */
  target: (t: GuideTargets, repositoryUri?: string) => string;
  /** A second way to do the step (step 1: EC2 capacity instead of Fargate). */
  alternative?: { label: string; target: (t: GuideTargets) => string };
}

export const STEPS: StepText[] = [
  {
    step: "cluster",
    title: "Create a cluster",
    teaches: [
      "A cluster is the boundary your tasks and services live in, and the capacity they run on: Fargate, where AWS runs each task for you, or EC2 instances you own that register as container instances.",
      "Create one named as below. Fargate needs nothing more; with EC2 capacity you also choose an instance type and how many.",
    ],
    doIt: "Create the cluster (Fargate)",
    target: (t) => to("createCluster", {}, { name: t.cluster, tag: "guide" }),
    alternative: { label: "With EC2 capacity", target: (t) => to("createCluster", {}, { name: t.cluster, capacity: "ec2", tag: "guide" }) },
  },
  {
    step: "image",
    title: "Push the application's image to ECR",
    teaches: [
      "ECS runs containers from images. Your app is built into an image (docker build) and pushed to a repository in Amazon ECR, the registry your account already has.",
      "Create the repository, then push with the login, tag and push commands Berth shows with your account and region filled in. On the sandbox, Push sample image does it for you.",
    ],
    doIt: "Open repositories",
    target: () => to("repositories"),
  },
  {
    step: "taskDefinition",
    title: "Describe the task: a task definition",
    teaches: [
      "A task definition is the recipe: which image, how much CPU and memory, which port the app listens on, its environment and where its logs go. Each change registers a new revision of the family.",
      "The example is a Node.js web app on port 8080 with 512 MiB, from the image you pushed.",
    ],
    doIt: "Create the task definition",
    target: (t, r) => to("createTaskDefinition", {}, r ? { family: t.family, image: `${r}:latest`, port: "8080", memory: "512" } : {}),
  },
  {
    step: "run",
    title: "Run it: a task or a service",
    teaches: [
      "A task is one running copy of a revision. A service keeps a number of copies running (three in the example) and replaces any that stop.",
      "Create the service named below on your cluster, or run a one-off task of the family.",
    ],
    doIt: "Create the service",
    target: (t) => to("createService", {}, { cluster: t.cluster, family: t.family, name: t.service, desired: "3", tag: "guide" }),
  },
  {
    step: "loadBalancer",
    title: "Put a load balancer in front",
    teaches: [
      "An Application Load Balancer takes requests on one address and spreads them over the service's tasks. ECS registers each task in a target group; the load balancer's health checks decide which targets get traffic.",
      "The service wizard makes the ALB, an HTTP listener on port 80 and the target group when the service is created.",
    ],
    doIt: "Create the service with a load balancer",
    target: (t) => to("createService", {}, { cluster: t.cluster, family: t.family, name: t.service, desired: "3", tag: "guide" }),
  },
  {
    step: "monitorScale",
    title: "Watch it and let it scale",
    teaches: [
      "CloudWatch keeps the service's CPU and memory. Service auto scaling adds tasks when average CPU passes its target and removes them when load falls.",
      "Turn on auto scaling on CPU in the service wizard's last step, then watch the charts on the service page.",
    ],
    doIt: "Open the service",
    target: (t) => to("service", { cluster: t.cluster, name: t.service }),
  },
  {
    step: "update",
    title: "Roll out a new version",
    teaches: [
      "A new image means a new revision. Updating the service to it starts a rolling update: ECS starts new tasks and stops old ones, never going below the minimum healthy percent or above the maximum.",
      "Register a revision with the new image, then update the service. Keep this step open while it rolls out: Berth watches the healthy targets.",
    ],
    doIt: "Open the family",
    target: (t) => to("family", { family: t.family }),
  },
];
