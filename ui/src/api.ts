// The one module that talks to Rust. Every command Berth has is wrapped here with its
// types, which mirror berth-core's serde shapes (camelCase).
import { invoke } from "@tauri-apps/api/core";

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
};
