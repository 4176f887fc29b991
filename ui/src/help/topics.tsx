// The concepts the walkthrough touches, each a short explanation in Berth's words, with a
// diagram where a picture says it better (tasks on instances, a rolling update over time).
import type { ReactNode } from "react";

export type Topic =
  | "cluster"
  | "taskDefinition"
  | "revision"
  | "cpuMemory"
  | "networkMode"
  | "task"
  | "service"
  | "desiredCount"
  | "deploymentPercents"
  | "targetGroup"
  | "healthCheck"
  | "scalingPolicy"
  | "fargateVsEc2"
  | "containerInstance";

/** Tasks packed onto two container instances beside Fargate, where each task is alone. */
function TasksOnInstances() {
  const task = (x: number, y: number, label: string) => (
    <g key={`${x}-${y}`}>
      <rect x={x} y={y} width={56} height={22} rx={3} fill="#d1f1ff" stroke="#0972d3" />
      <text x={x + 28} y={y + 15} fontSize={11} textAnchor="middle">
        {label}
      </text>
    </g>
  );
  return (
    <svg viewBox="0 0 300 150" width="100%" role="img" aria-label="Tasks on container instances and on Fargate" data-testid="diagram-tasks-on-instances">
      <text x={5} y={12} fontSize={12} fontWeight="bold">EC2: tasks share instances</text>
      {[0, 1].map((i) => (
        <g key={i}>
          <rect x={5 + i * 140} y={20} width={130} height={70} rx={4} fill="#f2f3f3" stroke="#5f6b7a" />
          <text x={10 + i * 140} y={33} fontSize={11}>instance {i + 1} (ECS agent)</text>
          {task(10 + i * 140, 40, "task")}
          {task(72 + i * 140, 40, "task")}
          {i === 0 && task(10, 65, "task")}
        </g>
      ))}
      <text x={5} y={108} fontSize={12} fontWeight="bold">Fargate: each task on its own</text>
      {[0, 1, 2, 3, 4].map((i) => task(5 + i * 60, 115, "task"))}
    </svg>
  );
}

/** Old and new tasks over a rolling update with 3 desired, minimum 100%, maximum 200%. */
function RollingUpdate() {
  const steps = [
    [3, 0],
    [3, 3],
    [3, 3],
    [0, 3],
  ];
  return (
    <svg viewBox="0 0 300 140" width="100%" role="img" aria-label="A rolling update's old and new tasks over time" data-testid="diagram-rolling-update">
      <text x={5} y={12} fontSize={12} fontWeight="bold">Desired 3, min healthy 100%, max 200%</text>
      {steps.map(([old, fresh], i) => (
        <g key={i}>
          {Array.from({ length: old }, (_, k) => (
            <rect key={`o${k}`} x={20 + i * 70} y={100 - k * 14} width={24} height={12} fill="#5f6b7a" />
          ))}
          {Array.from({ length: fresh }, (_, k) => (
            <rect key={`n${k}`} x={48 + i * 70} y={100 - k * 14} width={24} height={12} fill="#0972d3" />
          ))}
          <text x={45 + i * 70} y={128} fontSize={11} textAnchor="middle">
            {["before", "new start", "new healthy", "old stopped"][i]}
          </text>
        </g>
      ))}
      <line x1={10} y1={72} x2={295} y2={72} stroke="#d91515" strokeDasharray="4 2" />
      <text x={150} y={68} fontSize={11} fill="#d91515">never below 3 healthy</text>
      <rect x={10} y={20} width={10} height={8} fill="#5f6b7a" />
      <text x={24} y={28} fontSize={11}>old revision</text>
      <rect x={90} y={20} width={10} height={8} fill="#0972d3" />
      <text x={104} y={28} fontSize={11}>new revision</text>
    </svg>
  );
}

export const TOPICS: Record<Topic, { title: string; body: ReactNode }> = {
  cluster: {
    title: "Cluster",
    body: (
      <>
        <p>A cluster groups the capacity your tasks run on and the services that keep them running. It costs nothing by itself: you pay for what runs in it.</p>
        <p>Capacity is Fargate (AWS runs each task; you choose only CPU and memory), EC2 instances you own that register as container instances, or both, chosen per service or task through capacity providers.</p>
      </>
    ),
  },
  taskDefinition: {
    title: "Task definition",
    body: (
      <>
        <p>The recipe for a task: which containers, from which images, with how much CPU and memory, which ports they listen on, their environment, and where their logs go.</p>
        <p>Task definitions are grouped by family (for example my-app-task); each registration is a new, numbered revision.</p>
      </>
    ),
  },
  revision: {
    title: "Revision",
    body: (
      <>
        <p>A task definition never changes once registered. Changing anything, a new image tag included, registers revision n+1 of the family. Services and tasks name the revision they run (my-app-task:3).</p>
        <p>Rolling back means pointing the service at an earlier revision; deregistering one only stops new use of it.</p>
      </>
    ),
  },
  cpuMemory: {
    title: "CPU units and memory",
    body: (
      <>
        <p>1024 CPU units are one vCPU. Memory is in MiB. On Fargate the task's CPU and memory come in fixed pairs (256 units with 512, 1024 or 2048 MiB, and so on) and are what you pay for.</p>
        <p>A container's memory is a hard limit: going over it gets the container killed (exit code 137). Its memoryReservation is a soft floor used for placement on EC2.</p>
      </>
    ),
  },
  networkMode: {
    title: "Network mode",
    body: (
      <>
        <p><b>awsvpc</b>: each task gets its own network interface and private IP, with its own security groups. Fargate always uses it; load balancers target the task's IP.</p>
        <p><b>bridge</b> (EC2): containers share the instance's network through Docker's bridge; a host port of 0 lets ECS pick a free port, so several copies fit on one instance. <b>host</b>: the container uses the instance's ports directly.</p>
      </>
    ),
  },
  task: {
    title: "Task",
    body: (
      <>
        <p>A running copy of one revision: its containers started together on one host. A task runs until its essential container exits or someone stops it; then it is STOPPED with a reason, and ECS keeps it visible for about an hour.</p>
        <TasksOnInstances />
      </>
    ),
  },
  service: {
    title: "Service",
    body: (
      <>
        <p>A service keeps a number of copies of a revision running. When a task stops, the service starts another; when you point it at a new revision, it replaces its tasks in a rolling update.</p>
        <p>A service can register its tasks with a load balancer's target group and let auto scaling change how many copies it wants.</p>
      </>
    ),
  },
  desiredCount: {
    title: "Desired count",
    body: <p>How many tasks the service wants running. ECS starts or stops tasks until running matches desired; auto scaling, when on, moves this number between its minimum and maximum.</p>,
  },
  deploymentPercents: {
    title: "Minimum healthy and maximum percent",
    body: (
      <>
        <p>During a rolling update, <b>minimum healthy percent</b> is the share of the desired count that must stay running and healthy (rounded up); <b>maximum percent</b> caps old and new tasks together (rounded down).</p>
        <p>100% and 200% start all new tasks first and stop old ones only as new ones turn healthy: no capacity lost, double capacity for a while.</p>
        <RollingUpdate />
      </>
    ),
  },
  targetGroup: {
    title: "Target group",
    body: (
      <>
        <p>The list of places a load balancer sends requests to. ECS registers each of the service's tasks in it (by IP for awsvpc, by instance and port for bridge) and deregisters them as they stop, after the deregistration delay lets requests finish.</p>
        <p>A listener (HTTP on port 80 in the walkthrough) forwards to the target group.</p>
      </>
    ),
  },
  healthCheck: {
    title: "Health check",
    body: (
      <>
        <p>The load balancer asks each target a path (for example /health) every interval; after enough failures in a row it marks the target unhealthy and stops sending it traffic, and ECS replaces the task.</p>
        <p>A slow-starting app needs a health-check grace period on the service, so ECS ignores failures while it starts.</p>
      </>
    ),
  },
  scalingPolicy: {
    title: "Scaling policy",
    body: (
      <>
        <p>Target tracking keeps a metric near a value: with average CPU at 50%, auto scaling adds tasks when the service runs hotter and removes them when it cools, between the minimum and maximum you set.</p>
        <p>Scale-out acts within minutes; scale-in waits longer so a brief lull does not remove capacity.</p>
      </>
    ),
  },
  fargateVsEc2: {
    title: "Fargate or EC2",
    body: (
      <>
        <p><b>Fargate</b>: no servers to manage; you pay per vCPU and GB of memory per second while each task runs. Simplest, and the walkthrough's default.</p>
        <p><b>EC2</b>: you run instances (an Auto Scaling group) that register as container instances; tasks are packed onto them and you pay for the instances whether full or empty. Cheaper when packed well, and the choice for GPUs or special instance types.</p>
        <TasksOnInstances />
      </>
    ),
  },
  containerInstance: {
    title: "Container instance",
    body: (
      <>
        <p>An EC2 instance running the ECS agent, registered with a cluster. It offers its CPU (1024 units per vCPU) and memory to tasks; ECS places tasks where they fit.</p>
        <p>Draining one moves its service tasks elsewhere before it goes away.</p>
        <TasksOnInstances />
      </>
    ),
  },
};
