// Every place in the app, by name, and the links to it. Screens build links with `to` and
// `href` from these names; routes.tsx says which screen each one shows. A path's
// `:params` are typed, so a link that forgets one does not compile.

export const paths = {
  clusters: "/clusters",
  createCluster: "/clusters/create",
  cluster: "/clusters/:name",
  addCapacity: "/clusters/:name/add-capacity",
  taskDefinitions: "/task-definitions",
  createTaskDefinition: "/task-definitions/create",
  family: "/task-definitions/:family",
  compareRevisions: "/task-definitions/:family/compare/:left/:right",
  tasks: "/tasks",
  clusterTasks: "/tasks/:cluster",
  task: "/tasks/:cluster/:taskId",
  runTask: "/run-task",
  services: "/services",
  clusterServices: "/services/:cluster",
  service: "/services/:cluster/:name",
  serviceDeployment: "/services/:cluster/:name/deployments/:id",
  createService: "/create-service",
  repositories: "/repositories",
  repository: "/repositories/:name",
  monitoring: "/monitoring",
  alarms: "/alarms",
  alarm: "/alarms/:name",
  clusterMonitoring: "/monitoring/:cluster",
  guide: "/guide",
  settings: "/settings",
} as const;

export type PathName = keyof typeof paths;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type Params<N extends PathName> = { [K in ParamNames<(typeof paths)[N]>]: string };

/** Query parameters; undefined and empty values are left out. */
export type Query = Record<string, string | undefined>;

type Args<N extends PathName> = [ParamNames<(typeof paths)[N]>] extends [never] ? [params?: Params<N>, query?: Query] : [params: Params<N>, query?: Query];

/** The path of `name` with its parameters filled in (each encoded as one segment). */
export function to<N extends PathName>(name: N, ...[params, query]: Args<N>): string {
  const filled = paths[name].replace(/:([A-Za-z]+)/g, (_, key: string) => encodeURIComponent((params as Record<string, string>)[key]));
  const search = new URLSearchParams(Object.entries(query ?? {}).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return search ? `${filled}?${search}` : filled;
}

/** As `to`, for an `href`: hash routes, since the app has no server. */
export function href<N extends PathName>(name: N, ...args: Args<N>): string {
  return `#${to(name, ...args)}`;
}

/** The path's parameters when `path` is one of `name`'s, else null. */
export function match<N extends PathName>(name: N, path: string): Params<N> | null {
  const want = paths[name].split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params as Params<N>;
}
