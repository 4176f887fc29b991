// The one module that talks to Rust. Every command Berth has is wrapped here with its
// types, which mirror berth-core's serde shapes (camelCase).
import { Channel, invoke } from "@tauri-apps/api/core";

export interface ApiError {
  code: string;
  message: string;
  hint?: string | null;
  field?: string | null;
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Any failure as an ApiError, so screens have one shape to show. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  return { code: "UnexpectedError", message: e instanceof Error ? e.message : String(e) };
}

export type ProfileCredentials = "sso" | "assume-role" | "process" | "static-keys" | "web-identity" | "chain";

export type EnvironmentKind =
  | { type: "profile"; profile: string; credentials: ProfileCredentials }
  | { type: "envVars" }
  | { type: "accessKeys" }
  | { type: "local" }
  | { type: "sandbox" };

export interface Environment {
  id: string;
  name: string;
  kind: EnvironmentKind;
  region: string;
  endpointUrl: string | null;
}

export interface RegionInfo {
  code: string;
  name: string;
}

export interface Identity {
  account: string | null;
  arn: string | null;
  userId: string | null;
  checkedWith: "sts" | "ecs";
}

export interface SandboxStatus {
  url: string;
  stateFile: string | null;
  setAside: string | null;
}

export interface AppStatus {
  configDir: string;
  settingsSetAside: string | null;
}

export interface AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | null;
}

export interface NewAccessKeysEnvironment {
  name: string;
  region: string;
  endpointUrl?: string | null;
  keys: AccessKeys;
}

export interface EnvironmentUpdate {
  name?: string;
  region?: string;
  /** An empty string clears the endpoint. */
  endpointUrl?: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface Cluster {
  clusterName: string;
  clusterArn: string;
  status: string;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
  registeredContainerInstancesCount: number;
  capacityProviders: string[];
  containerInsights: string | null;
  tags: Tag[];
  statistics: Tag[];
}

export interface NewCluster {
  clusterName: string;
  containerInsights: boolean;
  tags: Tag[];
}

export interface SimulatedService {
  cluster: string;
  service: string;
  desiredCount: number;
  runningCount: number;
  requestsPerSecond: number;
  metricsResolution: number;
}

export interface Simulation {
  /** Simulated seconds per wall second. */
  speed: number;
  region: string;
  services: SimulatedService[];
}

export interface PushedImage {
  repositoryName: string;
  imageTag: string;
  imageDigest: string;
}

export interface Repository {
  repositoryName: string;
  repositoryUri: string;
  registryId: string;
  createdAt: number | null;
  imageTagMutability: string;
  scanOnPush: boolean;
  encryptionType: string;
  kmsKey: string | null;
  imageCount: number;
}

export interface NewRepository {
  repositoryName: string;
  tagImmutability: boolean;
  scanOnPush: boolean;
  encryptionType: "AES256" | "KMS";
  kmsKey?: string | null;
}

export interface Image {
  imageDigest: string;
  imageTags: string[];
  pushedAt: number | null;
  sizeBytes: number | null;
}

export interface PushCommand {
  title: string;
  command: string;
}

/** A task definition as JSON, in AWS's own field names. */
export type TaskDefinitionJson = Record<string, unknown>;

export interface Family {
  family: string;
  latestRevision: number;
  taskDefinitionArn: string;
  registeredAt: number | null;
  compatibilities: string[];
  cpu: string | null;
  memory: string | null;
  containers: string[];
}

export interface Revision {
  taskDefinitionArn: string;
  revision: number;
  status: string;
  registeredAt: number | null;
  deregisteredAt: number | null;
}

export interface DescribedTaskDefinition {
  taskDefinition: TaskDefinitionJson;
  tags: Tag[];
  /** The revision as `aws ecs register-task-definition --cli-input-json` accepts it. */
  registerInput: TaskDefinitionJson;
}

export interface FieldError {
  field: string;
  rule: string;
}

export interface TaskDefinitionRules {
  fargateSizes: { cpu: number; memory: number[] }[];
  nameRule: string;
}

export interface NetworkBinding {
  bindIp: string | null;
  containerPort: number | null;
  hostPort: number | null;
  protocol: string | null;
}

export interface TaskContainer {
  name: string;
  image: string | null;
  imageDigest: string | null;
  lastStatus: string | null;
  exitCode: number | null;
  reason: string | null;
  healthStatus: string | null;
  runtimeId: string | null;
  cpu: string | null;
  memory: string | null;
  networkBindings: NetworkBinding[];
  privateIps: string[];
}

export interface Attachment {
  id: string | null;
  type: string | null;
  status: string | null;
  details: Tag[];
}

export interface Task {
  taskArn: string;
  taskId: string;
  clusterArn: string;
  taskDefinitionArn: string;
  taskDefinition: string;
  lastStatus: string;
  desiredStatus: string;
  launchType: string | null;
  createdAt: number | null;
  startedAt: number | null;
  stoppingAt: number | null;
  stoppedAt: number | null;
  cpu: string | null;
  memory: string | null;
  healthStatus: string | null;
  privateIp: string | null;
  availabilityZone: string | null;
  group: string | null;
  startedBy: string | null;
  stopCode: string | null;
  stoppedReason: string | null;
  containers: TaskContainer[];
  attachments: Attachment[];
  tags: Tag[];
}

export interface TaskFilter {
  desiredStatus?: "RUNNING" | "STOPPED" | "ALL";
  family?: string;
  serviceName?: string;
  launchType?: string;
}

export interface ListingStats {
  items: number;
  listCalls: number;
  describeCalls: number;
}

export interface NewTasks {
  cluster: string;
  taskDefinition: string;
  launchType: string | null;
  count: number;
  network: { subnets: string[]; securityGroups: string[]; assignPublicIp: boolean } | null;
  overrides: { name: string; command: string[] | null; environment: Tag[] }[];
  tags: Tag[];
  clientToken: string;
}

export interface RunOutcome {
  tasks: Task[];
  failures: { arn: string | null; reason: string | null; detail: string | null }[];
  calls: number;
}

export interface LogTarget {
  container: string;
  group: string;
  stream: string | null;
  region: string | null;
}

export interface LogEvent {
  timestamp: number;
  message: string;
}

export interface LogPage {
  events: LogEvent[];
  nextForwardToken: string | null;
  streamExists: boolean;
}

export interface Vpc {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  name: string | null;
}

export interface Subnet {
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  cidrBlock: string;
  availableIpAddressCount: number;
  mapPublicIpOnLaunch: boolean;
  name: string | null;
}

export interface SecurityGroup {
  groupId: string;
  groupName: string;
  vpcId: string;
  description: string;
}

export interface DeploymentSettings {
  minimumHealthyPercent: number;
  maximumPercent: number;
  circuitBreaker: boolean;
  rollback: boolean;
}

export interface CapacityProviderItem {
  capacityProvider: string;
  weight: number;
  base: number;
}

export interface ServiceDeployment {
  id: string;
  /** PRIMARY, ACTIVE or INACTIVE. */
  status: string;
  taskDefinition: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  failedTasks: number;
  /** IN_PROGRESS, COMPLETED or FAILED. */
  rolloutState: string | null;
  rolloutStateReason: string | null;
  createdAt: number | null;
  updatedAt: number | null;
}

export interface ServiceEvent {
  id: string;
  createdAt: number | null;
  message: string;
}

export interface Service {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  clusterName: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinitionArn: string;
  taskDefinition: string;
  launchType: string | null;
  capacityProviderStrategy: CapacityProviderItem[];
  schedulingStrategy: string | null;
  createdAt: number | null;
  createdBy: string | null;
  healthCheckGracePeriodSeconds: number | null;
  deploymentConfiguration: DeploymentSettings;
  network: { subnets: string[]; securityGroups: string[]; assignPublicIp: boolean } | null;
  loadBalancers: { targetGroupArn: string | null; loadBalancerName: string | null; containerName: string; containerPort: number }[];
  deployments: ServiceDeployment[];
  events: ServiceEvent[];
  tags: Tag[];
}

export type ScalingMetric = "Cpu" | "Memory" | "AlbRequests";

export interface AutoScaling {
  minCapacity: number;
  maxCapacity: number;
  metric: ScalingMetric;
  targetValue: number;
  scaleInCooldown: number;
  scaleOutCooldown: number;
}

export type LoadBalancing =
  | { mode: "existing"; targetGroupArn: string; containerName: string; containerPort: number }
  | {
      mode: "new";
      loadBalancerName: string;
      internetFacing: boolean;
      vpcId: string;
      subnets: string[];
      securityGroups: string[];
      targetGroupName: string;
      healthCheckPath: string;
      containerName: string;
      containerPort: number;
    };

export interface NewService {
  cluster: string;
  serviceName: string;
  taskDefinition: string;
  launchType: string | null;
  capacityProviderStrategy: CapacityProviderItem[];
  desiredCount: number;
  network: { subnets: string[]; securityGroups: string[]; assignPublicIp: boolean } | null;
  deployment: DeploymentSettings;
  healthCheckGracePeriodSeconds: number | null;
  loadBalancing: LoadBalancing | null;
  autoScaling: AutoScaling | null;
  tags: Tag[];
  clientToken: string;
}

export type StepKind = "CreateLoadBalancer" | "CreateTargetGroup" | "CreateListener" | "CreateService" | "RegisterScalableTarget" | "PutScalingPolicy";

export interface PlanStep {
  kind: StepKind;
  title: string;
  cli: string;
}

export interface Created {
  loadBalancerArn: string | null;
  loadBalancerDns: string | null;
  targetGroupArn: string | null;
  listenerArn: string | null;
  serviceArn: string | null;
  scalableTarget: boolean;
  policyName: string | null;
}

export interface CreateOutcome {
  created: Created;
  done: StepKind[];
  failed: { index: number; kind: StepKind; code: string; message: string } | null;
  service: Service | null;
}

export interface Undone {
  what: string;
  ok: boolean;
  message: string | null;
}

export interface ServiceUpdate {
  cluster: string;
  service: string;
  taskDefinition?: string;
  desiredCount?: number;
  forceNewDeployment?: boolean;
  deploymentConfiguration?: DeploymentSettings;
  healthCheckGracePeriodSeconds?: number;
}

export interface Change {
  field: string;
  before: string;
  after: string;
}

export interface LoadBalancer {
  loadBalancerArn: string;
  loadBalancerName: string;
  dnsName: string;
  scheme: string;
  vpcId: string;
  state: string;
  type: string;
}

export interface TargetGroup {
  targetGroupArn: string;
  targetGroupName: string;
  protocol: string;
  port: number;
  targetType: string;
  vpcId: string;
  healthCheckPath: string | null;
  loadBalancerArns: string[];
}

export interface TargetHealth {
  id: string;
  port: number | null;
  state: string;
  reason: string | null;
  description: string | null;
}

export interface ServiceScaling {
  minCapacity: number | null;
  maxCapacity: number | null;
  policies: { policyName: string; policyType: string; metric: string | null; targetValue: number | null; alarms: string[] }[];
  activities: { activityId: string; description: string; cause: string; statusCode: string; statusMessage: string | null; startTime: number | null; endTime: number | null }[];
  activitiesError: string | null;
}

export interface SeriesSpec {
  id: string;
  label: string;
  namespace: string;
  metricName: string;
  dimensions: [string, string][];
  stat: string;
  unit: string;
}

export interface MetricPoint {
  /** Epoch seconds. */
  t: number;
  v: number;
}

export interface MetricDelivery {
  points: Record<string, MetricPoint[]>;
  calls: number;
  period: number;
  error: string | null;
  /** The endpoint's clock, epoch seconds (the sandbox's may run ahead of the wall's). */
  now: number;
}

export interface MetricWatch {
  id: number;
  period: number;
  tickSeconds: number;
  speed: number;
}

/** Streams `specs` over the last `rangeSeconds`; each tick's new points reach `onData`. */
function watchMetrics(specs: SeriesSpec[], rangeSeconds: number, highResolution: boolean, onData: (d: MetricDelivery) => void): Promise<MetricWatch> {
  const channel = new Channel<MetricDelivery>();
  channel.onmessage = onData;
  return invoke<MetricWatch>("watch_metrics", { specs, rangeSeconds, highResolution, onData: channel });
}

/** Lists a cluster's services; `onBatch` receives each described batch of 10 as it arrives. */
function listServices(cluster: string, onBatch: (services: Service[]) => void): Promise<ListingStats> {
  return streamed("list_services", { cluster }, onBatch);
}

/**
 * Runs a listing command whose batches come through a Channel. Channel messages can
 * arrive after the command's own answer (large ones are fetched separately), so the
 * promise settles only once every item the stats count has reached `onBatch`.
 */
function streamed<T>(command: string, args: Record<string, unknown>, onBatch: (items: T[]) => void): Promise<ListingStats> {
  let received = 0;
  let expected: number | null = null;
  let finish: (() => void) | null = null;
  const channel = new Channel<T[]>();
  channel.onmessage = (batch) => {
    received += batch.length;
    onBatch(batch);
    if (expected !== null && received >= expected) finish?.();
  };
  return invoke<ListingStats>(command, { ...args, onBatch: channel }).then(
    (stats) =>
      new Promise<ListingStats>((resolve) => {
        expected = stats.items;
        finish = () => resolve(stats);
        if (received >= expected) resolve(stats);
      }),
  );
}

/** Lists a cluster's tasks; `onBatch` receives each described batch as it arrives. */
function listTasks(cluster: string, filter: TaskFilter, onBatch: (tasks: Task[]) => void): Promise<ListingStats> {
  return streamed("list_tasks", { cluster, filter }, onBatch);
}

export const api = {
  appStatus: () => invoke<AppStatus>("app_status"),
  listRegions: () => invoke<RegionInfo[]>("list_regions"),
  listEnvironments: () => invoke<Environment[]>("list_environments"),
  activeEnvironment: () => invoke<Environment>("active_environment"),
  switchEnvironment: (id: string) => invoke<Environment>("switch_environment", { id }),
  updateEnvironment: (id: string, change: EnvironmentUpdate) => invoke<Environment>("update_environment", { id, change }),
  addAccessKeysEnvironment: (input: NewAccessKeysEnvironment) =>
    invoke<Environment>("add_access_keys_environment", { input }),
  removeEnvironment: (id: string) => invoke<void>("remove_environment", { id }),
  testConnection: (id: string) => invoke<Identity>("test_connection", { id }),
  listClusters: () => invoke<Cluster[]>("list_clusters"),
  describeCluster: (cluster: string) => invoke<Cluster>("describe_cluster", { cluster }),
  createCluster: (input: NewCluster) => invoke<Cluster>("create_cluster", { input }),
  deleteCluster: (cluster: string) => invoke<Cluster>("delete_cluster", { cluster }),
  /** Null when Berth runs against another local endpoint instead of its own sandbox. */
  sandboxStatus: () => invoke<SandboxStatus | null>("sandbox_status"),
  resetSandbox: (confirm: string) => invoke<void>("reset_sandbox", { confirm }),
  describeSimulation: (region: string) => invoke<Simulation>("describe_simulation", { region }),
  setServiceTraffic: (region: string, cluster: string, service: string, requestsPerSecond: number) =>
    invoke<void>("set_service_traffic", { region, cluster, service, requestsPerSecond }),
  pushSampleImage: (region: string, repositoryName: string, imageTag: string) =>
    invoke<PushedImage>("push_sample_image", { region, repositoryName, imageTag }),
  listRepositories: () => invoke<Repository[]>("list_repositories"),
  describeRepository: (name: string) => invoke<Repository>("describe_repository", { name }),
  createRepository: (input: NewRepository) => invoke<Repository>("create_repository", { input }),
  deleteRepository: (name: string, force: boolean, confirm: string) => invoke<void>("delete_repository", { name, force, confirm }),
  listImages: (name: string) => invoke<Image[]>("list_images", { name }),
  /** Returns [digest, reason] for each image ECR kept. */
  deleteImages: (name: string, digests: string[], confirm: string) => invoke<[string, string][]>("delete_images", { name, digests, confirm }),
  pushCommands: (repositoryUri: string) => invoke<PushCommand[]>("push_commands", { repositoryUri }),
  listTaskDefinitionFamilies: () => invoke<Family[]>("list_task_definition_families"),
  listTaskDefinitionRevisions: (family: string) => invoke<Revision[]>("list_task_definition_revisions", { family }),
  describeTaskDefinition: (taskDefinition: string) => invoke<DescribedTaskDefinition>("describe_task_definition", { taskDefinition }),
  validateTaskDefinition: (input: TaskDefinitionJson) => invoke<FieldError[]>("validate_task_definition", { input }),
  taskDefinitionRules: () => invoke<TaskDefinitionRules>("task_definition_rules"),
  registerTaskDefinition: (input: TaskDefinitionJson, createLogGroups: boolean) =>
    invoke<DescribedTaskDefinition>("register_task_definition", { input, createLogGroups }),
  deregisterTaskDefinition: (taskDefinition: string, confirm: string) => invoke<Revision>("deregister_task_definition", { taskDefinition, confirm }),
  listTasks,
  describeTask: (cluster: string, task: string) => invoke<Task>("describe_task", { cluster, task }),
  runTasks: (input: NewTasks) => invoke<RunOutcome>("run_tasks", { input }),
  stopTask: (cluster: string, task: string, reason: string, confirm: string) => invoke<Task>("stop_task", { cluster, task, reason, confirm }),
  taskLogTargets: (cluster: string, task: string) => invoke<LogTarget[]>("task_log_targets", { cluster, task }),
  readLogEvents: (group: string, stream: string, token: string | null) => invoke<LogPage>("read_log_events", { group, stream, token }),
  /** Writes to the downloads folder; returns the path. */
  saveDownload: (fileName: string, contents: string) => invoke<string>("save_download", { fileName, contents }),
  listVpcs: () => invoke<Vpc[]>("list_vpcs"),
  listSubnets: (vpcId: string) => invoke<Subnet[]>("list_subnets", { vpcId }),
  listSecurityGroups: (vpcId: string) => invoke<SecurityGroup[]>("list_security_groups", { vpcId }),
  listServices,
  describeService: (cluster: string, service: string) => invoke<Service>("describe_service", { cluster, service }),
  planService: (input: NewService) => invoke<PlanStep[]>("plan_service", { input }),
  /** Runs the plan from the first step `created` does not already cover. */
  createService: (input: NewService, created: Created) => invoke<CreateOutcome>("create_service", { input, created }),
  rollBackService: (input: NewService, created: Created) => invoke<Undone[]>("roll_back_service", { input, created }),
  previewServiceUpdate: (input: ServiceUpdate) => invoke<Change[]>("preview_service_update", { input }),
  updateService: (input: ServiceUpdate) => invoke<Service>("update_service", { input }),
  deleteService: (cluster: string, service: string, force: boolean, confirm: string) => invoke<Service>("delete_service", { cluster, service, force, confirm }),
  listLoadBalancers: () => invoke<LoadBalancer[]>("list_load_balancers"),
  listTargetGroups: (loadBalancerArn: string | null) => invoke<TargetGroup[]>("list_target_groups", { loadBalancerArn }),
  targetHealth: (targetGroupArn: string) => invoke<TargetHealth[]>("target_health", { targetGroupArn }),
  serviceMetricSeries: (cluster: string, service: string, prefix: string) => invoke<SeriesSpec[]>("service_metric_series", { cluster, service, prefix }),
  clusterMetricSeries: (cluster: string, prefix: string) => invoke<SeriesSpec[]>("cluster_metric_series", { cluster, prefix }),
  watchMetrics,
  stopMetrics: (id: number) => invoke<void>("stop_metrics", { id }),
  setMetricsResolution: (region: string, cluster: string, service: string, seconds: number) => invoke<void>("set_metrics_resolution", { region, cluster, service, seconds }),
  /** `service/<cluster>/<service>` for every service with auto scaling. */
  scaledServices: () => invoke<string[]>("scaled_services"),
  serviceScaling: (cluster: string, service: string) => invoke<ServiceScaling | null>("service_scaling", { cluster, service }),
};
