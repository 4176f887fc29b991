// Generated from src-tauri/src/commands and the Rust types they use: `cargo xtask bindings`
// rewrites it, `cargo xtask check` fails when it is stale. Do not edit.

import { Channel, invoke } from "@tauri-apps/api/core";

export type AccessKeys = { accessKeyId: string, secretAccessKey: string, sessionToken: string | null, };

export type Activity = { activityId: string, description: string, cause: string, statusCode: string, statusMessage: string | null, startTime: number | null, endTime: number | null, };

export type Alarm = { alarmName: string, alarmArn: string, description: string | null, 
/**
 * OK, ALARM or INSUFFICIENT_DATA.
 */
state: string, stateReason: string | null, stateUpdatedAt: number | null, namespace: string, metricName: string, dimensions: Array<[string, string]>, statistic: string, period: number, evaluationPeriods: number, datapointsToAlarm: number | null, threshold: number, comparison: string, treatMissingData: string, alarmActions: Array<string>, };

export type AlarmHistoryItem = { timestamp: number | null, 
/**
 * ConfigurationUpdate, StateUpdate or Action.
 */
kind: string, summary: string, oldState: string | null, newState: string | null, reason: string | null, };

export type AppStatus = { configDir: string, 
/**
 * Where an unreadable settings file was moved at start-up, for the UI to report.
 */
settingsSetAside: string | null, };

export type Attachment = { id: string | null, type: string | null, status: string | null, details: Array<Tag>, };

export type AutoScaling = { minCapacity: number, maxCapacity: number, metric: ScalingMetric, targetValue: number, scaleInCooldown: number, scaleOutCooldown: number, 
/**
 * Step scaling instead of target tracking: two alarms on the metric, each calling a
 * step policy (`target_value` is then unused).
 */
steps: StepScaling | null, };

export type AwsVpc = { subnets: Array<string>, securityGroups: Array<string>, assignPublicIp: boolean, };

/**
 * What exists because of a capacity plan.
 */
export type CapacityCreated = { clusterArn: string | null, launchTemplateId: string | null, autoScalingGroupArn: string | null, capacityProviderArn: string | null, associated: boolean, };

export type CapacityOutcome = { created: CapacityCreated, done: Array<StepKind>, failed: StepFailure | null, };

export type CapacityProviderItem = { capacityProvider: string, weight: number, base: number, };

/**
 * The causes Berth recognises.
 */
export type Cause = "missingLogGroup" | "executionRole" | "imageNotFound" | "outOfMemory" | "essentialContainerExited" | "healthCheckFailing" | "noCapacity" | "other";

/**
 * One line of the change a `ServiceUpdate` makes, for the diff shown before sending.
 */
export type Change = { field: string, before: string, after: string, };

/**
 * A target group or listener rule a form can offer.
 */
export type Choice = { arn: string, label: string, };

/**
 * One removal, handed back by the UI to run it.
 */
export type CleanupAction = { "action": "removeScaling", cluster: string, service: string, } | { "action": "scaleServiceToZero", cluster: string, service: string, } | { "action": "deleteService", cluster: string, service: string, } | { "action": "waitForService", cluster: string, service: string, } | { "action": "deleteLoadBalancer", arn: string, } | { "action": "deleteTargetGroup", arn: string, } | { "action": "cluster", cluster: string, step: TeardownAction, } | { "action": "deregisterRevision", arn: string, } | { "action": "deleteRepository", name: string, } | { "action": "deleteLogGroup", name: string, } | { "action": "deleteRole", role: string, };

export type CleanupPlan = { leftovers: Array<Leftover>, steps: Array<CleanupStep>, 
/**
 * What the leftovers cost by the hour, when every one has a price.
 */
hourly: number | null, 
/**
 * What the user types to confirm: the walkthrough's cluster name.
 */
confirm: string, };

export type CleanupStep = { action: CleanupAction, title: string, cli: string, };

/**
 * What the console shows of a cluster, in ECS's own names.
 */
export type Cluster = { clusterName: string, clusterArn: string, status: string, runningTasksCount: number, pendingTasksCount: number, activeServicesCount: number, registeredContainerInstancesCount: number, capacityProviders: Array<string>, defaultCapacityProviderStrategy: Array<CapacityProviderItem>, containerInsights: string | null, tags: Array<Tag>, 
/**
 * STATISTICS as ECS returns them (e.g. runningFargateTasksCount).
 */
statistics: Array<Tag>, };

export type ContainerImage = { containerName: string, image: string, imageDigest: string | null, };

export type ContainerInstance = { arn: string, 
/**
 * The last segment of the ARN, as the console shows it.
 */
id: string, ec2InstanceId: string | null, instanceType: string | null, availabilityZone: string | null, status: string, agentConnected: boolean, agentVersion: string | null, cpuRegistered: number, cpuRemaining: number, memoryRegistered: number, memoryRemaining: number, runningTasks: number, pendingTasks: number, };

/**
 * One thing that costs money while it runs.
 */
export type CostLine = { item: string, 
/**
 * How the figure is made, e.g. "3 tasks × 0.25 vCPU × $0.04048".
 */
detail: string, 
/**
 * None when the table has no price for the region.
 */
hourly: number | null, };

export type CreateOutcome = { created: Created, 
/**
 * Steps finished, in this run or an earlier one.
 */
done: Array<StepKind>, failed: StepFailure | null, service: Service | null, };

/**
 * What exists because of this plan. The UI hands it back to retry or roll back.
 */
export type Created = { loadBalancerArn: string | null, loadBalancerDns: string | null, targetGroupArn: string | null, alternateTargetGroupArn: string | null, listenerArn: string | null, productionRuleArn: string | null, testRuleArn: string | null, serviceArn: string | null, scalableTarget: boolean, policyName: string | null, 
/**
 * Step scaling's policies (scale out, scale in) and the alarms that call them.
 */
stepPolicyArns: Array<string>, alarmNames: Array<string>, };

/**
 * What a rollback or redeploy will do, before it is sent.
 */
export type DeploymentAction = { 
/**
 * The revision the service will run afterwards.
 */
revision: ServiceRevision, changes: Array<Change>, cli: string, };

/**
 * ECS's deployment alarms: any of them in ALARM during a rollout (or its bake) fails it.
 */
export type DeploymentAlarmSettings = { alarmNames: Array<string>, enable: boolean, rollback: boolean, };

export type DeploymentDetail = { serviceDeploymentArn: string, id: string, serviceArn: string, clusterArn: string, status: string, statusReason: string | null, 
/**
 * ROLLING (the default when ECS names none), BLUE_GREEN, LINEAR or CANARY.
 */
strategy: string, lifecycleStage: string | null, createdAt: number | null, startedAt: number | null, finishedAt: number | null, stoppedAt: number | null, updatedAt: number | null, sourceRevisions: Array<RevisionCount>, targetRevision: RevisionCount | null, minimumHealthyPercent: number | null, maximumPercent: number | null, bakeTimeInMinutes: number | null, 
/**
 * DISABLED, MONITORING, MONITORING_COMPLETE or TRIGGERED.
 */
circuitBreakerStatus: string | null, circuitBreakerFailures: number, circuitBreakerThreshold: number, alarmsStatus: string | null, alarmNames: Array<string>, triggeredAlarms: Array<string>, rollbackReason: string | null, rollbackStartedAt: number | null, rollbackRevisionArn: string | null, stoppedBy: StoppedBy | null, 
/**
 * The deployment can still be rolled back by hand.
 */
canRollBack: boolean, 
/**
 * The lifecycle hooks run so far, the one awaiting action among them.
 */
hooks: Array<HookDetail>, 
/**
 * The target revision's share of production and test traffic (shifting strategies).
 */
productionTrafficWeight: number | null, testTrafficWeight: number | null, };

/**
 * One page of history: each deployment described, with the revisions it names.
 */
export type DeploymentPage = { deployments: Array<DeploymentDetail>, 
/**
 * Every source and target revision of the page's deployments, once each.
 */
revisions: Array<ServiceRevision>, nextToken: string | null, };

export type DeploymentSettings = { minimumHealthyPercent: number, maximumPercent: number, circuitBreaker: boolean, rollback: boolean, };

/**
 * One revision as AWS returns it, and the same revision as a register input.
 */
export type DescribedTaskDefinition = { taskDefinition: Record<string, unknown>, tags: Array<{ key: string, value: string }>, 
/**
 * The revision as `aws ecs register-task-definition --cli-input-json` accepts it.
 */
registerInput: Record<string, unknown>, };

export type Diagnosis = { subject: string, 
/**
 * True when nothing is wrong (a running task, a service at steady state).
 */
healthy: boolean, summary: string, findings: Array<Finding>, 
/**
 * For a standalone task: the revision to run again once fixed (a service retries on
 * its own).
 */
runAgain: string | null, };

/**
 * One line of a compare: a field and its value on each side ("" where it is absent).
 */
export type Difference = { field: string, left: string, right: string, };

export type Draft = { 
/**
 * The document being written, as the wizard holds it.
 */
doc: Record<string, unknown>, 
/**
 * Epoch milliseconds.
 */
savedAt: number, };

/**
 * The recommended ECS-optimized Amazon Linux 2023 image for an architecture.
 */
export type EcsAmi = { imageId: string, imageName: string, agentVersion: string | null, 
/**
 * The public SSM parameter it was read from.
 */
parameter: string, };

export type Environment = { id: string, name: string, kind: EnvironmentKind, region: string, endpointUrl: string | null, };

export type EnvironmentKind = { "type": "profile", profile: string, credentials: ProfileCredentials, } | { "type": "envVars" } | { "type": "accessKeys" } | { "type": "local" } | { "type": "sandbox" };

/**
 * Changes to an environment; `None` leaves a field as it is. An empty endpoint clears it.
 */
export type EnvironmentUpdate = { name?: string | null, region?: string | null, endpointUrl?: string | null, };

/**
 * What leaving something running costs, by the public on-demand prices in the table.
 */
export type Estimate = { region: string, lines: Array<CostLine>, 
/**
 * The sum, when every line has a price.
 */
hourly: number | null, monthly: number | null, pricesAsOf: string, 
/**
 * What the figure leaves out (traffic-priced parts, the region's table missing).
 */
notes: Array<string>, };

export type Failure = { arn: string | null, reason: string | null, detail: string | null, 
/**
 * The reason in words, with what would fix it (`placement::explain`).
 */
explanation: string | null, };

/**
 * The newest ACTIVE revision of a family, as the families table shows it.
 */
export type Family = { family: string, latestRevision: number, taskDefinitionArn: string, registeredAt: number | null, compatibilities: Array<string>, cpu: string | null, memory: string | null, containers: Array<string>, };

/**
 * A Fargate CPU size (units) and the memory sizes (MiB) it allows.
 */
export type FargateSize = { cpu: number, memory: Array<number>, };

export type FieldError = { field: string, rule: string, };

/**
 * One cause found, in words.
 */
export type Finding = { cause: Cause, title: string, 
/**
 * ECS's (or ELB's) own words, as read.
 */
evidence: Array<string>, explanation: string, 
/**
 * What to do, in words, whether or not Berth can do it.
 */
remedy: string, fix: Fix | null, 
/**
 * The fix's button label.
 */
fixLabel: string | null, 
/**
 * The app's last log lines, when they tell the story.
 */
lastLogLines: Array<string>, };

/**
 * What Berth can do about a cause, with the user's click.
 */
export type Fix = { "kind": "createLogGroup", group: string, } | { "kind": "useStandardExecutionRole", taskDefinition: string, service: ServiceRef | null, } | { "kind": "moreMemory", taskDefinition: string, container: string, containerMemory: number | null, taskMemory: number | null, service: ServiceRef | null, };

/**
 * What applying a fix did.
 */
export type FixOutcome = { message: string, 
/**
 * The new revision registered, if any.
 */
taskDefinition: string | null, 
/**
 * The CLI equivalent of what was done.
 */
cli: Array<string>, };

export type FlightRecord = { deployment: DeploymentDetail, 
/**
 * The window the timeline covers, epoch seconds.
 */
start: number, end: number, live: boolean, 
/**
 * This call took a sample: the deployment runs or has just ended. Ask again to go on.
 */
recording: boolean, samples: Array<Sample>, 
/**
 * What the samples cover, in words, or why there are none.
 */
coverage: string, moments: Array<Moment>, 
/**
 * The service's metrics to chart over the window (metric_window fetches them).
 */
metrics: Array<SeriesSpec>, 
/**
 * ECS keeps a service's 100 newest events: an old deployment's may be gone.
 */
eventsNote: string | null, };

/**
 * A form as its wizard or dialog would send it.
 */
export type Form = { "form": "newCluster", "input": NewCluster } | { "form": "newAccessKeysEnvironment", "input": NewAccessKeysEnvironment } | { "form": "environmentUpdate", "input": EnvironmentUpdate } | { "form": "newTasks", "input": NewTasks } | { "form": "newRepository", "input": NewRepository } | { "form": "newService", "input": NewService } | { "form": "newCapacity", "input": NewCapacity } | { "form": "serviceUpdate", "input": ServiceUpdate } | { "form": "newAlarm", "input": NewAlarm } | { "form": "traffic", "input": { requestsPerSecond: number, } } | { "form": "stopTask", "input": { reason: string, } };

/**
 * The limits a form states next to its fields, from the rules themselves.
 */
export type FormRules = { 
/**
 * How cluster, service, family and container names are made.
 */
nameRule: string, 
/**
 * Tags a resource may carry.
 */
maxTags: number, };

export type GroupActivity = { description: string, cause: string, status: string, 
/**
 * Seconds since the epoch.
 */
start: number, };

export type GroupInstance = { instanceId: string, instanceType: string | null, availabilityZone: string | null, lifecycleState: string, protectedFromScaleIn: boolean, };

export type GroupView = { name: string, minSize: number, desiredCapacity: number, maxSize: number, launchTemplateId: string | null, instances: Array<GroupInstance>, 
/**
 * Newest first.
 */
activities: Array<GroupActivity>, };

/**
 * The walkthrough's steps, in order.
 */
export type GuideStep = "cluster" | "image" | "taskDefinition" | "run" | "loadBalancer" | "monitorScale" | "update";

/**
 * What the learner's walkthrough is about: the names the steps create (the example's
 * unless changed), and for step 7 the revision the service ran before the update and
 * the fewest healthy targets Berth saw while it watched the rollout.
 */
export type GuideTargets = { cluster: string, repository: string, family: string, service: string, baselineRevision: number | null, fewestHealthySeen: number | null, };

export type HookDetail = { hookId: string, 
/**
 * PAUSE or AWS_LAMBDA.
 */
targetType: string, targetArn: string | null, 
/**
 * AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT.
 */
status: string, expiresAt: number | null, timeoutAction: string | null, };

export type Identity = { account: string | null, arn: string | null, userId: string | null, 
/**
 * "sts" when GetCallerIdentity answered; "ecs" when only ListClusters could be used.
 */
checkedWith: string, };

export type Image = { imageDigest: string, imageTags: Array<string>, pushedAt: number | null, sizeBytes: number | null, };

export type Infrastructure = { providers: Array<ProviderView>, };

export type InstanceTypeChoice = { name: string, vcpus: number, memoryMib: number, 
/**
 * `x86_64` or `arm64`: which AMI the type needs.
 */
architecture: string, freeTier: boolean, networkInterfaces: number, 
/**
 * On-demand Linux USD per hour, when the price table has this region.
 */
pricePerHour: number | null, };

export type InstanceTypes = { types: Array<InstanceTypeChoice>, 
/**
 * When the prices were read; None when the region has no price table.
 */
pricesAsOf: string | null, };

export type IpcError = { code: string, message: string, hint: string | null, field: string | null, };

/**
 * One resource the walkthrough left.
 */
export type Leftover = { 
/**
 * In ECS's and ELB's words: Service, Load balancer, Target group, Cluster, …
 */
kind: string, name: string, 
/**
 * What it costs by the hour while it stays, where it is billed by the hour.
 */
hourly: number | null, };

export type LifecycleHook = { 
/**
 * PAUSE or AWS_LAMBDA.
 */
targetType: string, functionArn: string | null, roleArn: string | null, stages: Array<string>, timeoutMinutes: number, 
/**
 * ROLLBACK or CONTINUE when the hook times out.
 */
timeoutAction: string, };

/**
 * What one listing cost, for the UI's footer and the benchmarks.
 */
export type ListingStats = { items: number, listCalls: number, describeCalls: number, };

export type LoadBalancer = { loadBalancerArn: string, loadBalancerName: string, dnsName: string, scheme: string, vpcId: string, state: string, type: string, };

export type LoadBalancing = { "mode": "existing", targetGroupArn: string, containerName: string, containerPort: number, } | { "mode": "new", loadBalancerName: string, internetFacing: boolean, vpcId: string, subnets: Array<string>, securityGroups: Array<string>, targetGroupName: string, 
/**
 * `ip` for awsvpc tasks, `instance` for bridge and host ones (which register as
 * their instance and host port); the plan checks it against the revision.
 */
targetType: TargetType, healthCheckPath: string, containerName: string, containerPort: number, };

export type LogEvent = { timestamp: number, message: string, };

export type LogPage = { events: Array<LogEvent>, 
/**
 * Pass back to read on from here; unchanged when nothing new arrived.
 */
nextForwardToken: string | null, 
/**
 * False while the task has not created its stream yet.
 */
streamExists: boolean, };

/**
 * Where one container of a task writes its logs.
 */
export type LogTarget = { container: string, group: string, 
/**
 * None when ECS picks the name (awslogs on EC2 without a stream prefix).
 */
stream: string | null, region: string | null, };

/**
 * New points since the last delivery, by series id, in time order.
 */
export type MetricDelivery = { points: { [key in string]: Array<MetricPoint> }, 
/**
 * GetMetricData calls this tick made (1 unless more than 500 series).
 */
calls: number, 
/**
 * The period asked for, in seconds.
 */
period: number, 
/**
 * Set when the last call failed; the next tick retries from the same place.
 */
error: string | null, 
/**
 * The endpoint's clock (the sandbox's runs faster than the wall's), epoch seconds,
 * so a live chart's window ends at the endpoint's now.
 */
now: number, };

export type MetricPoint = { 
/**
 * Epoch seconds.
 */
t: number, v: number, };

export type MetricWatch = { id: number, 
/**
 * Seconds per point CloudWatch was asked for.
 */
period: number, 
/**
 * Seconds between GetMetricData calls.
 */
tickSeconds: number, 
/**
 * Simulated seconds per wall second (1 on AWS).
 */
speed: number, };

/**
 * A point on the timeline: the deployment's own milestones, service events, alarm changes.
 */
export type Moment = { t: number, 
/**
 * deployment, rollback, event or alarm.
 */
kind: string, text: string, };

export type NetworkBinding = { bindIp: string | null, containerPort: number | null, hostPort: number | null, protocol: string | null, };

/**
 * Input for "Add access keys".
 */
export type NewAccessKeysEnvironment = { name: string, region: string, endpointUrl: string | null, keys: AccessKeys, };

/**
 * An alarm as the form sends it; PutMetricAlarm creates it or replaces the one of that name.
 */
export type NewAlarm = { alarmName: string, description: string, namespace: string, metricName: string, dimensions: Array<[string, string]>, statistic: string, period: number, evaluationPeriods: number, datapointsToAlarm: number, threshold: number, comparison: string, treatMissingData: string, 
/**
 * The unit the metric is charted in (Percent, Count, Seconds).
 */
unit: string, };

/**
 * What the capacity step of the cluster wizard (or "Add EC2 capacity") submits.
 */
export type NewCapacity = { cluster: string, 
/**
 * Set when the cluster is created by the same plan.
 */
newCluster: NewCluster | null, 
/**
 * The capacity provider's name; the launch template and group are named after it.
 */
name: string, instanceType: string, minSize: number, desiredCapacity: number, maxSize: number, subnets: Array<string>, securityGroups: Array<string>, keyName: string | null, 
/**
 * The instance role's profile, from the role picker.
 */
instanceProfileArn: string, 
/**
 * Managed scaling keeps the capacity this full (1–100 %).
 */
targetCapacity: number, managedTerminationProtection: boolean, clientToken: string, };

export type NewCluster = { clusterName: string, containerInsights: boolean, tags: Array<Tag>, };

export type NewRepository = { repositoryName: string, tagImmutability: boolean, scanOnPush: boolean, 
/**
 * "AES256" (the default) or "KMS".
 */
encryptionType: string | null, kmsKey: string | null, };

export type NewService = { cluster: string, serviceName: string, 
/**
 * `family:revision` or an ARN.
 */
taskDefinition: string, launchType: string | null, capacityProviderStrategy: Array<CapacityProviderItem>, desiredCount: number, network: AwsVpc | null, 
/**
 * How ECS spreads the tasks over EC2 instances (none: spread by zone, then instance).
 */
placementStrategy: Array<PlacementStrategyItem>, placementConstraints: Array<PlacementConstraintItem>, deployment: DeploymentSettings, healthCheckGracePeriodSeconds: number | null, loadBalancing: LoadBalancing | null, autoScaling: AutoScaling | null, 
/**
 * Rolling, or a traffic shift between two target groups. Behind a new load balancer
 * the plan makes the alternate target group and the listener rules left unnamed.
 */
strategy: StrategySettings, tags: Array<Tag>, 
/**
 * One per wizard; CreateService is idempotent under it, so a retry never makes two.
 */
clientToken: string, };

export type NewTasks = { cluster: string, taskDefinition: string, launchType: string | null, count: number, network: AwsVpc | null, overrides: Array<Override>, tags: Array<Tag>, 
/**
 * A capacity provider of the cluster to run on instead of a launch type.
 */
capacityProvider: string | null, placementStrategy: Array<PlacementStrategyItem>, placementConstraints: Array<PlacementConstraintItem>, 
/**
 * One token per user action; each RunTask call of a split run derives its own from it,
 * so a retried action never starts its tasks twice.
 */
clientToken: string, };

export type Override = { name: string, command: Array<string> | null, environment: Array<Tag>, };

/**
 * Whether the caller may hand a role to a service (`iam:PassRole`), as IAM's policy
 * simulator answers for the caller's own identity. AWS checks this only when the task
 * definition, service or instance is created; asking first lets a wizard say so at once.
 */
export type PassRoleCheck = { "decision": "allowed", principal: string, } | { "decision": "denied", principal: string, message: string, } | { "decision": "unknown", message: string, };

/**
 * `distinctInstance` (no expression) or `memberOf` with a cluster query expression.
 */
export type PlacementConstraintItem = { kind: string, expression: string | null, };

/**
 * One placement strategy item: `spread` (field `instanceId`, `host` or
 * `attribute:<name>`), `binpack` (`cpu` or `memory`) or `random` (no field).
 */
export type PlacementStrategyItem = { kind: string, field: string | null, };

export type PlanStep = { kind: StepKind, title: string, 
/**
 * The same call through the AWS CLI; ARNs from earlier steps are shell variables.
 */
cli: string, };

export type Policy = { policyName: string, policyType: string, metric: string | null, targetValue: number | null, 
/**
 * A step policy's adjustments in words ("add 2 tasks").
 */
steps: Array<string>, policyArn: string, alarms: Array<string>, };

export type ProfileCredentials = "sso" | "assume-role" | "process" | "static-keys" | "web-identity" | "chain";

/**
 * One capacity provider as the cluster's Infrastructure tab shows it.
 */
export type ProviderView = { name: string, status: string, 
/**
 * In the cluster's default strategy: (weight, base).
 */
weight: number | null, base: number | null, managedScaling: string | null, targetCapacity: number | null, managedTerminationProtection: string | null, group: GroupView | null, };

export type PushCommand = { title: string, command: string, };

export type PushedImage = { repositoryName: string, imageTag: string, imageDigest: string, };

export type RegionInfo = { code: string, name: string, };

export type Repository = { repositoryName: string, repositoryUri: string, registryId: string, createdAt: number | null, imageTagMutability: string, scanOnPush: boolean, encryptionType: string, kmsKey: string | null, imageCount: number, };

export type Revision = { taskDefinitionArn: string, revision: number, status: string, registeredAt: number | null, deregisteredAt: number | null, };

export type RevisionComparison = { left: ServiceRevision, right: ServiceRevision, 
/**
 * Images, CPU and memory, environment, ports, roles: only what differs.
 */
taskDefinition: Array<Difference>, 
/**
 * Capacity, platform, network and load balancers: only what differs.
 */
service: Array<Difference>, };

/**
 * A revision as a deployment counts it: requested, running and pending tasks.
 */
export type RevisionCount = { arn: string, requested: number, running: number, pending: number, };

export type RevisionLoadBalancer = { targetGroupArn: string | null, containerName: string, containerPort: number, alternateTargetGroupArn: string | null, productionListenerRule: string | null, testListenerRule: string | null, };

/**
 * One call of the standard-role plan and the same call through the AWS CLI.
 */
export type RoleCall = { title: string, cli: string, };

/**
 * A role a picker offers.
 */
export type RoleChoice = { name: string, arn: string, description: string | null, 
/**
 * Names of the managed policies attached to it.
 */
attachedPolicies: Array<string>, 
/**
 * For an instance role, the instance profile that holds it (EC2 is given the profile).
 */
instanceProfileArn: string | null, };

/**
 * What a role is for, which decides the principal that must be trusted.
 */
export type RolePurpose = "taskExecution" | "task" | "instance" | "infrastructure";

export type RunOutcome = { tasks: Array<Task>, failures: Array<Failure>, calls: number, };

/**
 * What the active environment has running now.
 */
export type RunningCost = { estimate: Estimate, 
/**
 * True on the sandbox: nothing is billed, and the estimate is what AWS would charge.
 */
free: boolean, whyFree: string | null, };

/**
 * What watching saw at one moment: the new revision's tasks and the old ones', and the
 * targets' health in the service's first target group.
 */
export type Sample = { 
/**
 * Epoch seconds on the endpoint's clock (the sandbox's may run fast).
 */
t: number, newRunning: number, newPending: number, oldRunning: number, oldPending: number, healthy: number, unhealthy: number, draining: number, initial: number, 
/**
 * The new revision's share of production traffic (shifting strategies), and the
 * lifecycle stage ECS reported.
 */
newTraffic: number | null, stage: string | null, };

/**
 * The `berth-sandbox` profile: what goes into the AWS CLI config and whether it is there.
 */
export type SandboxCliProfile = { name: string, 
/**
 * The config file the AWS CLI reads (`AWS_CONFIG_FILE` or `~/.aws/config`).
 */
configFile: string | null, section: string, 
/**
 * The config file holds exactly this section.
 */
written: boolean, 
/**
 * Why the profile cannot work this run (no keyring to keep the key pair), if so.
 */
unavailable: string | null, };

export type SandboxStatus = { url: string, stateFile: string | null, 
/**
 * The unreadable state file moved aside at start-up, if there was one.
 */
setAside: string | null, 
/**
 * The AWS CLI profile that signs for the sandbox.
 */
cliProfile: SandboxCliProfile, };

/**
 * What a target-tracking policy holds steady.
 */
export type ScalingMetric = "Cpu" | "Memory" | "AlbRequests";

export type SecurityGroup = { groupId: string, groupName: string, vpcId: string, description: string, };

export type SeriesSpec = { 
/**
 * Unique on screen; GetMetricData query ids must start with a lower-case letter.
 */
id: string, label: string, namespace: string, metricName: string, dimensions: Array<[string, string]>, 
/**
 * Average, Maximum, Minimum, Sum or SampleCount.
 */
stat: string, unit: string, };

export type Service = { serviceArn: string, serviceName: string, clusterArn: string, clusterName: string, status: string, desiredCount: number, runningCount: number, pendingCount: number, taskDefinitionArn: string, 
/**
 * `family:revision`.
 */
taskDefinition: string, launchType: string | null, capacityProviderStrategy: Array<CapacityProviderItem>, schedulingStrategy: string | null, createdAt: number | null, createdBy: string | null, healthCheckGracePeriodSeconds: number | null, deploymentConfiguration: DeploymentSettings, 
/**
 * The CloudWatch alarms that fail (and may roll back) a deployment.
 */
deploymentAlarms: DeploymentAlarmSettings | null, 
/**
 * Rolling, blue/green, linear or canary, with bake times, hooks and the load balancer pieces.
 */
strategy: StrategySettings, network: ServiceNetwork | null, loadBalancers: Array<ServiceLoadBalancer>, deployments: Array<ServiceDeployment>, 
/**
 * Newest first, as ECS returns them (at most 100).
 */
events: Array<ServiceEvent>, tags: Array<Tag>, };

export type ServiceDeployment = { id: string, 
/**
 * PRIMARY, ACTIVE or INACTIVE.
 */
status: string, taskDefinition: string, desiredCount: number, pendingCount: number, runningCount: number, failedTasks: number, 
/**
 * IN_PROGRESS, COMPLETED or FAILED.
 */
rolloutState: string | null, rolloutStateReason: string | null, createdAt: number | null, updatedAt: number | null, };

export type ServiceEvent = { id: string, createdAt: number | null, message: string, };

export type ServiceLoadBalancer = { targetGroupArn: string | null, loadBalancerName: string | null, containerName: string, containerPort: number, };

/**
 * A service metric Berth offers ready-made alarms on.
 */
export type ServiceMetric = "cpu" | "memory" | "target5xx" | "responseTime";

export type ServiceNetwork = { subnets: Array<string>, securityGroups: Array<string>, assignPublicIp: boolean, };

export type ServiceRef = { cluster: string, service: string, };

export type ServiceRevision = { serviceRevisionArn: string, 
/**
 * The 19-digit id at the end of the ARN.
 */
id: string, taskDefinitionArn: string, 
/**
 * `family:revision`.
 */
taskDefinition: string, launchType: string | null, capacityProviderStrategy: Array<string>, platformVersion: string | null, network: ServiceNetwork | null, loadBalancers: Array<RevisionLoadBalancer>, containerImages: Array<ContainerImage>, createdAt: number | null, };

export type ServiceScaling = { minCapacity: number | null, maxCapacity: number | null, policies: Array<Policy>, 
/**
 * Newest first.
 */
activities: Array<Activity>, 
/**
 * Why the activities could not be read, when they could not.
 */
activitiesError: string | null, };

/**
 * A change to a service; fields left `None` stay as they are.
 */
export type ServiceUpdate = { cluster: string, service: string, taskDefinition?: string | null, desiredCount?: number | null, forceNewDeployment: boolean, deploymentConfiguration?: DeploymentSettings | null, healthCheckGracePeriodSeconds?: number | null, 
/**
 * The deployment's alarms; sent with the deployment settings.
 */
alarms?: DeploymentAlarmSettings | null, 
/**
 * The deployment strategy; a traffic-shifting one also sets the load balancer's
 * advancedConfiguration.
 */
strategy?: StrategySettings | null, };

/**
 * What the shifting strategies can use for a service behind a load balancer.
 */
export type ShiftChoices = { targetGroupArn: string, loadBalancerArn: string, 
/**
 * Target groups of the same load balancer and target type, other than the service's.
 */
alternates: Array<Choice>, 
/**
 * The load balancer's listener rules, the default ones included.
 */
rules: Array<Choice>, };

/**
 * A Lambda hook's function and what the sandbox answers when a deployment calls it.
 */
export type SimulatedHook = { hookTargetArn: string, 
/**
 * `cluster/service` of each service whose deployments call it.
 */
services: Array<string>, 
/**
 * SUCCEEDED, FAILED or IN_PROGRESS (keep waiting: asked again 30 s later).
 */
outcome: string, };

/**
 * One active service of the sandbox and the load it is under.
 */
export type SimulatedService = { cluster: string, service: string, desiredCount: number, runningCount: number, requestsPerSecond: number, metricsResolution: number, };

export type Simulation = { 
/**
 * Simulated seconds per wall second.
 */
speed: number, 
/**
 * The simulated clock, epoch seconds.
 */
now: number, region: string, services: Array<SimulatedService>, 
/**
 * The Lambda functions services name as deployment hooks; the sandbox runs no Lambda,
 * so it answers for them.
 */
hooks: Array<SimulatedHook>, };

/**
 * One check's answer: green only when nothing is missing.
 */
export type StepCheck = { step: GuideStep, passed: boolean, 
/**
 * What the environment holds that the step asked for.
 */
found: Array<string>, 
/**
 * What it still lacks, each in a sentence that says what to do.
 */
missing: Array<string>, 
/**
 * For the update step: the service's healthy targets now, so that whoever re-runs
 * the check while the rollout goes on can keep the fewest it saw.
 */
healthyTargets: number | null, };

export type StepFailure = { index: number, kind: StepKind, code: string, message: string, };

/**
 * Every step any plan has, in ECS's and EC2's own names.
 */
export type StepKind = "CreateLoadBalancer" | "CreateTargetGroup" | "CreateAlternateTargetGroup" | "CreateListener" | "CreateListenerRules" | "CreateService" | "RegisterScalableTarget" | "PutScalingPolicy" | "PutMetricAlarms" | "CreateCluster" | "CreateLaunchTemplate" | "CreateAutoScalingGroup" | "CreateCapacityProvider" | "PutClusterCapacityProviders";

/**
 * Add tasks when the service's metric is at or above one threshold for some minutes,
 * remove them when it is at or below another.
 */
export type StepScaling = { scaleOutThreshold: number, scaleOutBy: number, scaleInThreshold: number, scaleInBy: number, 
/**
 * One-minute periods the alarms evaluate; every one must breach.
 */
evaluationMinutes: number, };

/**
 * Who or what ended a deployment early.
 */
export type StoppedBy = "circuitBreaker" | "alarm" | "hook" | "user" | "newerDeployment";

export type StrategySettings = { 
/**
 * ROLLING, BLUE_GREEN, LINEAR or CANARY.
 */
strategy: string, bakeTimeInMinutes: number, stepPercent: number, stepBakeTimeInMinutes: number, canaryPercent: number, canaryBakeTimeInMinutes: number, hooks: Array<LifecycleHook>, 
/**
 * The service's load balancer's advancedConfiguration, for the shifting strategies.
 */
alternateTargetGroupArn: string | null, productionListenerRule: string | null, testListenerRule: string | null, roleArn: string | null, };

export type Subnet = { subnetId: string, vpcId: string, availabilityZone: string, cidrBlock: string, availableIpAddressCount: number, mapPublicIpOnLaunch: boolean, name: string | null, };

export type Tag = { key: string, value: string, };

export type TargetGroup = { targetGroupArn: string, targetGroupName: string, protocol: string, port: number, targetType: string, vpcId: string, healthCheckPath: string | null, loadBalancerArns: Array<string>, };

export type TargetHealth = { id: string, port: number | null, 
/**
 * initial, healthy, unhealthy, unused, draining or unavailable.
 */
state: string, reason: string | null, description: string | null, };

/**
 * How a target group's targets are named: by IP address or by EC2 instance.
 */
export type TargetType = "ip" | "instance";

export type Task = { taskArn: string, taskId: string, clusterArn: string, taskDefinitionArn: string, 
/**
 * `family:revision`.
 */
taskDefinition: string, lastStatus: string, desiredStatus: string, launchType: string | null, createdAt: number | null, startedAt: number | null, stoppingAt: number | null, stoppedAt: number | null, cpu: string | null, memory: string | null, healthStatus: string | null, privateIp: string | null, availabilityZone: string | null, 
/**
 * `service:name` or `family:name`.
 */
group: string | null, startedBy: string | null, stopCode: string | null, stoppedReason: string | null, containers: Array<TaskContainer>, attachments: Array<Attachment>, tags: Array<Tag>, };

export type TaskContainer = { name: string, image: string | null, imageDigest: string | null, lastStatus: string | null, exitCode: number | null, reason: string | null, healthStatus: string | null, runtimeId: string | null, cpu: string | null, memory: string | null, networkBindings: Array<NetworkBinding>, privateIps: Array<string>, };

/**
 * What the task-definition form needs to offer only what AWS accepts.
 */
export type TaskDefinitionRules = { fargateSizes: Array<FargateSize>, nameRule: string, };

/**
 * Which tasks a listing asks ECS for; ListTasks filters them server-side.
 */
export type TaskFilter = { 
/**
 * RUNNING (the default: everything not yet stopped), STOPPED, or ALL.
 */
desiredStatus?: string | null, family?: string | null, serviceName?: string | null, launchType?: string | null, };

/**
 * One removal of a cluster teardown, handed back by the UI to run it.
 */
export type TeardownAction = { "action": "stopTasks" } | { "action": "scaleToZero", group: string, } | { "action": "waitForInstances", group: string, } | { "action": "detach", provider: string, } | { "action": "deleteCapacityProvider", provider: string, } | { "action": "deleteAutoScalingGroup", group: string, } | { "action": "deleteLaunchTemplate", launchTemplateId: string, } | { "action": "deleteCluster" } | { "action": "deleteRole", role: string, instanceProfile: string | null, };

export type TeardownPlan = { steps: Array<TeardownStep>, 
/**
 * What must go before the cluster can: its services, which Berth does not delete here.
 */
blockers: Array<string>, };

export type TeardownStep = { action: TeardownAction, title: string, cli: string, 
/**
 * Only done when the user ticks it (roles).
 */
optional: boolean, };

/**
 * One removal of a roll back or a teardown, and how it went.
 */
export type Undone = { what: string, ok: boolean, message: string | null, };

export type Vpc = { vpcId: string, cidrBlock: string, isDefault: boolean, name: string | null, };

/** Every Berth command, typed. A failed command rejects with an `IpcError`. */
export const commands = {
  activeEnvironment: () => invoke<Environment>("active_environment"),
  addAccessKeysEnvironment: (input: NewAccessKeysEnvironment) => invoke<Environment>("add_access_keys_environment", { input }),
  /**
   * Newest first.
   */
  alarmHistory: (name: string) => invoke<Array<AlarmHistoryItem>>("alarm_history", { name }),
  /**
   * The series that charts the alarm's metric as CloudWatch judges it.
   */
  alarmSeries: (name: string) => invoke<SeriesSpec>("alarm_series", { name }),
  /**
   * Never fails.
   */
  appStatus: () => invoke<AppStatus>("app_status"),
  /**
   * Applies one of the explainer's fixes, which the user clicked.
   */
  applyFix: (fix: Fix) => invoke<FixOutcome>("apply_fix", { fix }),
  /**
   * Every broken rule of the form, one per field; empty when it may be sent.
   * Never fails.
   */
  checkForm: (form: Form) => invoke<Array<FieldError>>("check_form", { form }),
  /**
   * Whether the active environment holds what `step` asks, read-only, with what is missing.
   */
  checkGuideStep: (step: GuideStep, targets: GuideTargets) => invoke<StepCheck>("check_guide_step", { step, targets }),
  /**
   * Whether this environment's identity may pass `role_arn` to a service, asked of IAM's
   * policy simulator before the wizard sends anything that uses the role.
   */
  checkPassRole: (roleArn: string) => invoke<PassRoleCheck>("check_pass_role", { roleArn }),
  /**
   * Never fails.
   */
  clusterMetricSeries: (cluster: string, prefix: string) => invoke<Array<SeriesSpec>>("cluster_metric_series", { cluster, prefix }),
  compareServiceRevisions: (left: string, right: string) => invoke<RevisionComparison>("compare_service_revisions", { left, right }),
  /**
   * The CLI command that answers a paused hook.
   */
  continueCommand: (arn: string, hookId: string, action: string) => invoke<string>("continue_command", { arn, hookId, action }),
  /**
   * Answers a hook awaiting action: CONTINUE or ROLLBACK.
   */
  continueDeployment: (arn: string, hookId: string, action: string) => invoke<string>("continue_deployment", { arn, hookId, action }),
  /**
   * A target group like this one, for green's tasks.
   */
  createAlternateTargetGroup: (targetGroupArn: string) => invoke<Choice>("create_alternate_target_group", { targetGroupArn }),
  /**
   * Runs the plan from the first step `created` does not cover.
   */
  createCapacity: (input: NewCapacity, created: CapacityCreated) => invoke<CapacityOutcome>("create_capacity", { input, created }),
  createCluster: (input: NewCluster) => invoke<Cluster>("create_cluster", { input }),
  /**
   * A production rule and a test rule forwarding to this target group on its load
   * balancer's listener: (production, test).
   */
  createListenerRules: (targetGroupArn: string) => invoke<[Choice, Choice]>("create_listener_rules", { targetGroupArn }),
  createRepository: (input: NewRepository) => invoke<Repository>("create_repository", { input }),
  /**
   * Runs the plan from the first step `created` does not cover.
   */
  createService: (input: NewService, created: Created) => invoke<CreateOutcome>("create_service", { input, created }),
  createStandardRole: (purpose: RolePurpose) => invoke<RoleChoice>("create_standard_role", { purpose }),
  /**
   * The user types the alarm's name to confirm.
   */
  deleteAlarm: (name: string, confirm: string) => invoke<void>("delete_alarm", { name, confirm }),
  /**
   * The user types the cluster's name to confirm.
   */
  deleteCluster: (cluster: string, confirm: string) => invoke<Cluster>("delete_cluster", { cluster, confirm }),
  /**
   * Returns `(digest, reason)` for each image ECR kept.
   */
  deleteImages: (name: string, digests: Array<string>, confirm: string) => invoke<Array<[string, string]>>("delete_images", { name, digests, confirm }),
  /**
   * The user types the repository's name to confirm; `force` also deletes its images.
   */
  deleteRepository: (name: string, force: boolean, confirm: string) => invoke<void>("delete_repository", { name, force, confirm }),
  /**
   * The user types the service name to confirm.
   */
  deleteService: (cluster: string, service: string, force: boolean, confirm: string) => invoke<Service>("delete_service", { cluster, service, force, confirm }),
  /**
   * The user types the EC2 instance ID to confirm; berth-core checks it against ECS's record.
   */
  deregisterContainerInstance: (cluster: string, arn: string, force: boolean, confirm: string) => invoke<void>("deregister_container_instance", { cluster, arn, force, confirm }),
  /**
   * The user types `family:revision` to confirm.
   */
  deregisterTaskDefinition: (taskDefinition: string, confirm: string) => invoke<Revision>("deregister_task_definition", { taskDefinition, confirm }),
  describeAlarm: (name: string) => invoke<Alarm>("describe_alarm", { name }),
  describeCluster: (cluster: string) => invoke<Cluster>("describe_cluster", { cluster }),
  describeInfrastructure: (cluster: string) => invoke<Infrastructure>("describe_infrastructure", { cluster }),
  describeRepository: (name: string) => invoke<Repository>("describe_repository", { name }),
  describeService: (cluster: string, service: string) => invoke<Service>("describe_service", { cluster, service }),
  /**
   * The sandbox's clock speed and its services with their traffic, in `region`.
   */
  describeSimulation: (region: string) => invoke<Simulation>("describe_simulation", { region }),
  describeTask: (cluster: string, task: string) => invoke<Task>("describe_task", { cluster, task }),
  describeTaskDefinition: (taskDefinition: string) => invoke<DescribedTaskDefinition>("describe_task_definition", { taskDefinition }),
  discardDraft: (kind: string, base: string) => invoke<void>("discard_draft", { kind, base }),
  /**
   * The recommended ECS-optimized Amazon Linux 2023 image for `architecture`.
   */
  ecsAmi: (architecture: string) => invoke<EcsAmi>("ecs_ami", { architecture }),
  /**
   * The endpoint's clock now (epoch seconds) and how fast it runs, so countdowns tick on it.
   */
  endpointNow: () => invoke<[number, number]>("endpoint_now"),
  estimateCapacity: (input: NewCapacity) => invoke<Estimate>("estimate_capacity", { input }),
  estimateRunTask: (input: NewTasks) => invoke<Estimate>("estimate_run_task", { input }),
  /**
   * What the service would cost to leave running, by the public on-demand price table.
   */
  estimateService: (input: NewService) => invoke<Estimate>("estimate_service", { input }),
  explainService: (cluster: string, service: string) => invoke<Diagnosis>("explain_service", { cluster, service }),
  explainTask: (cluster: string, task: string) => invoke<Diagnosis>("explain_task", { cluster, task }),
  /**
   * The deployment's flight record; while it runs, asking also records a sample.
   */
  flightRecord: (cluster: string, service: string, arn: string) => invoke<FlightRecord>("flight_record", { cluster, service, arn }),
  /**
   * Never fails.
   */
  formRules: () => invoke<FormRules>("form_rules"),
  /**
   * What the walkthrough left in the active environment, and the order to remove it in.
   */
  guideCleanupPlan: (targets: GuideTargets) => invoke<CleanupPlan>("guide_cleanup_plan", { targets }),
  /**
   * One removal of the clean-up; the user typed the walkthrough's cluster name to confirm.
   */
  guideCleanupStep: (targets: GuideTargets, action: CleanupAction, confirm: string) => invoke<void>("guide_cleanup_step", { targets, action, confirm }),
  listAlarms: () => invoke<Array<Alarm>>("list_alarms"),
  listClusters: () => invoke<Array<Cluster>>("list_clusters"),
  listContainerInstances: (cluster: string) => invoke<Array<ContainerInstance>>("list_container_instances", { cluster }),
  listEnvironments: () => invoke<Array<Environment>>("list_environments"),
  listImages: (name: string) => invoke<Array<Image>>("list_images", { name }),
  listInstanceTypes: () => invoke<InstanceTypes>("list_instance_types"),
  listLoadBalancers: () => invoke<Array<LoadBalancer>>("list_load_balancers"),
  /**
   * Never fails.
   */
  listRegions: () => invoke<Array<RegionInfo>>("list_regions"),
  listRepositories: () => invoke<Array<Repository>>("list_repositories"),
  /**
   * The roles `purpose`'s service principal may assume, with their attached policies.
   */
  listRoles: (purpose: RolePurpose) => invoke<Array<RoleChoice>>("list_roles", { purpose }),
  listSecurityGroups: (vpcId: string) => invoke<Array<SecurityGroup>>("list_security_groups", { vpcId }),
  /**
   * Each described batch (10 services) goes to `on_batch` as it arrives.
   */
  listServices: (cluster: string, onBatch: Channel<Array<Service>>) => invoke<ListingStats>("list_services", { cluster, onBatch }),
  listSubnets: (vpcId: string) => invoke<Array<Subnet>>("list_subnets", { vpcId }),
  listTargetGroups: (loadBalancerArn: string | null) => invoke<Array<TargetGroup>>("list_target_groups", { loadBalancerArn }),
  listTaskDefinitionFamilies: () => invoke<Array<Family>>("list_task_definition_families"),
  listTaskDefinitionRevisions: (family: string) => invoke<Array<Revision>>("list_task_definition_revisions", { family }),
  /**
   * Each described batch goes to `on_batch` as it arrives, so the table fills progressively.
   */
  listTasks: (cluster: string, filter: TaskFilter, onBatch: Channel<Array<Task>>) => invoke<ListingStats>("list_tasks", { cluster, filter, onBatch }),
  listVpcs: () => invoke<Array<Vpc>>("list_vpcs"),
  /**
   * `kind` names the wizard (`task-definition`), `base` what it started from (a revision,
   * or empty for a new family).
   */
  loadDraft: (kind: string, base: string) => invoke<Draft | null>("load_draft", { kind, base }),
  /**
   * `specs` over a fixed window, for a flight record's charts.
   */
  metricWindow: (specs: Array<SeriesSpec>, start: number, end: number) => invoke<MetricDelivery>("metric_window", { specs, start, end }),
  /**
   * The calls the capacity takes, checked against AWS as it is now.
   */
  planCapacity: (input: NewCapacity) => invoke<Array<PlanStep>>("plan_capacity", { input }),
  planClusterTeardown: (cluster: string) => invoke<TeardownPlan>("plan_cluster_teardown", { cluster }),
  /**
   * The AWS calls creating this service takes, checked against AWS as it is now.
   */
  planService: (input: NewService) => invoke<Array<PlanStep>>("plan_service", { input }),
  /**
   * The series a new alarm's metric is charted with, and its CLI command.
   */
  previewAlarm: (alarm: NewAlarm) => invoke<[SeriesSpec, string]>("preview_alarm", { alarm }),
  /**
   * What rolling back `arn` returns the service to, and the CLI command.
   */
  previewDeploymentRollback: (cluster: string, service: string, arn: string) => invoke<DeploymentAction>("preview_deployment_rollback", { cluster, service, arn }),
  /**
   * What redeploying a revision from history changes, and the CLI command.
   */
  previewRedeploy: (cluster: string, service: string, revisionArn: string) => invoke<DeploymentAction>("preview_redeploy", { cluster, service, revisionArn }),
  /**
   * What `update_service` would change, for the diff shown before sending.
   */
  previewServiceUpdate: (input: ServiceUpdate) => invoke<Array<Change>>("preview_service_update", { input }),
  pushCommands: (repositoryUri: string) => invoke<Array<PushCommand>>("push_commands", { repositoryUri }),
  pushSampleImage: (region: string, repositoryName: string, imageTag: string) => invoke<PushedImage>("push_sample_image", { region, repositoryName, imageTag }),
  putAlarm: (alarm: NewAlarm) => invoke<Alarm>("put_alarm", { alarm }),
  readLogEvents: (group: string, stream: string, token: string | null) => invoke<LogPage>("read_log_events", { group, stream, token }),
  redeployRevision: (cluster: string, service: string, revisionArn: string) => invoke<Service>("redeploy_revision", { cluster, service, revisionArn }),
  registerTaskDefinition: (input: Record<string, unknown>, createLogGroups: boolean) => invoke<DescribedTaskDefinition>("register_task_definition", { input, createLogGroups }),
  /**
   * The user types the environment's name to confirm.
   */
  removeEnvironment: (id: string, confirm: string) => invoke<void>("remove_environment", { id, confirm }),
  /**
   * Deletes every sandbox resource; the UI asks the user to type "sandbox" first and so
   * does this command, so no stray call can wipe it.
   */
  resetSandbox: (confirm: string) => invoke<void>("reset_sandbox", { confirm }),
  rollBackCapacity: (input: NewCapacity, created: CapacityCreated) => invoke<Array<Undone>>("roll_back_capacity", { input, created }),
  rollBackDeployment: (arn: string) => invoke<string>("roll_back_deployment", { arn }),
  rollBackService: (input: NewService, created: Created) => invoke<Array<Undone>>("roll_back_service", { input, created }),
  /**
   * One step of the teardown; the user typed the cluster's name, checked for each step.
   */
  runClusterTeardownStep: (cluster: string, action: TeardownAction, confirm: string) => invoke<void>("run_cluster_teardown_step", { cluster, action, confirm }),
  runTasks: (input: NewTasks) => invoke<RunOutcome>("run_tasks", { input }),
  /**
   * The header's meter: what the active environment runs now, by the hour.
   */
  runningCost: () => invoke<RunningCost>("running_cost"),
  /**
   * `None` when Berth runs against another local endpoint instead of its own sandbox.
   * Never fails.
   */
  sandboxStatus: (region: string) => invoke<SandboxStatus | null>("sandbox_status", { region }),
  /**
   * Returns the path written, so the UI can say where the file went.
   */
  saveDownload: (fileName: string, contents: string) => invoke<string>("save_download", { fileName, contents }),
  saveDraft: (kind: string, base: string, doc: Record<string, unknown>) => invoke<Draft>("save_draft", { kind, base, doc }),
  /**
   * `service/<cluster>/<service>` for every service with auto scaling.
   */
  scaledServices: () => invoke<Array<string>>("scaled_services"),
  /**
   * A ready-made alarm on the service's CPU, memory, target 5XX or response time.
   */
  serviceAlarmTemplate: (cluster: string, service: string, metric: ServiceMetric) => invoke<NewAlarm>("service_alarm_template", { cluster, service, metric }),
  serviceDeployment: (arn: string) => invoke<DeploymentDetail>("service_deployment", { arn }),
  /**
   * One page (20) of the service's deployments, newest first.
   */
  serviceDeployments: (cluster: string, service: string, nextToken: string | null) => invoke<DeploymentPage>("service_deployments", { cluster, service, nextToken }),
  /**
   * The series a service's charts show.
   */
  serviceMetricSeries: (cluster: string, service: string, prefix: string) => invoke<Array<SeriesSpec>>("service_metric_series", { cluster, service, prefix }),
  serviceRevisions: (arns: Array<string>) => invoke<Array<ServiceRevision>>("service_revisions", { arns }),
  serviceScaling: (cluster: string, service: string) => invoke<ServiceScaling | null>("service_scaling", { cluster, service }),
  /**
   * DRAINING (or back to ACTIVE) for the chosen instances.
   */
  setContainerInstancesDraining: (cluster: string, arns: Array<string>, draining: boolean) => invoke<Array<ContainerInstance>>("set_container_instances_draining", { cluster, arns, draining }),
  /**
   * What the sandbox answers, from now on, for the Lambda hooks naming `hook_target_arn`.
   */
  setHookOutcome: (region: string, hookTargetArn: string, outcome: string) => invoke<void>("set_hook_outcome", { region, hookTargetArn, outcome }),
  /**
   * 1 for 1-second metrics for one service, 60 for CloudWatch's usual one-minute ones.
   */
  setMetricsResolution: (region: string, cluster: string, service: string, seconds: number) => invoke<void>("set_metrics_resolution", { region, cluster, service, seconds }),
  setServiceTraffic: (region: string, cluster: string, service: string, requestsPerSecond: number) => invoke<void>("set_service_traffic", { region, cluster, service, requestsPerSecond }),
  /**
   * What "Create the standard role" will call, shown before anything is created.
   */
  standardRolePlan: (purpose: RolePurpose) => invoke<Array<RoleCall>>("standard_role_plan", { purpose }),
  /**
   * Never fails.
   */
  stopMetrics: (id: number) => invoke<void>("stop_metrics", { id }),
  /**
   * The user types "stop" to confirm.
   */
  stopTask: (cluster: string, task: string, reason: string, confirm: string) => invoke<Task>("stop_task", { cluster, task, reason, confirm }),
  /**
   * What a blue/green, linear or canary deployment from this target group can use.
   */
  strategyChoices: (targetGroupArn: string, currentAlternate: string | null) => invoke<ShiftChoices>("strategy_choices", { targetGroupArn, currentAlternate }),
  switchEnvironment: (id: string) => invoke<Environment>("switch_environment", { id }),
  targetHealth: (targetGroupArn: string) => invoke<Array<TargetHealth>>("target_health", { targetGroupArn }),
  /**
   * Never fails.
   */
  taskDefinitionRules: () => invoke<TaskDefinitionRules>("task_definition_rules"),
  /**
   * Advice that does not block registering: environment values whose names look like
   * secrets, with a pointer to `secrets`.
   * Never fails.
   */
  taskDefinitionWarnings: (input: Record<string, unknown>) => invoke<Array<FieldError>>("task_definition_warnings", { input }),
  taskLogTargets: (cluster: string, task: string) => invoke<Array<LogTarget>>("task_log_targets", { cluster, task }),
  testConnection: (id: string) => invoke<Identity>("test_connection", { id }),
  updateEnvironment: (id: string, change: EnvironmentUpdate) => invoke<Environment>("update_environment", { id, change }),
  updateService: (input: ServiceUpdate) => invoke<Service>("update_service", { input }),
  /**
   * Every rule the document breaks; the wizard calls this as the user types.
   * Never fails.
   */
  validateTaskDefinition: (input: Record<string, unknown>) => invoke<Array<FieldError>>("validate_task_definition", { input }),
  /**
   * Starts streaming `specs` over the last `range_seconds`; every tick's new points go to
   * `on_data`.
   */
  watchMetrics: (specs: Array<SeriesSpec>, rangeSeconds: number, highResolution: boolean, onData: Channel<MetricDelivery>) => invoke<MetricWatch>("watch_metrics", { specs, rangeSeconds, highResolution, onData }),
  /**
   * Writes the `berth-sandbox` profile into the AWS CLI config, keeping the rest of the
   * file; the profile's credential process is this Berth binary, so no secret is written.
   */
  writeSandboxCliProfile: (region: string) => invoke<SandboxCliProfile>("write_sandbox_cli_profile", { region }),
};
