// The route table: for each place in paths.ts, the screen it shows, its breadcrumbs, the
// navigation section it belongs to and its Cloudscape content type. The first entry whose
// path matches wins, so fixed paths (…/create) come before parameters (…/:name).
import type { ReactNode } from "react";
import { ClusterDetailPage } from "./clusters/ClusterDetailPage";
import { ClustersPage } from "./clusters/ClustersPage";
import { AddCapacityWizard } from "./clusters/capacity/AddCapacityWizard";
import { CreateClusterWizard } from "./clusters/create/CreateClusterWizard";
import { MonitoringPage } from "./monitoring/MonitoringPage";
import { AlarmPage } from "./alarms/AlarmPage";
import { AlarmsPage } from "./alarms/AlarmsPage";
import { href, match, type Params, type PathName } from "./paths";
import { GuidePage } from "./guide/GuidePage";
import { GUIDE_TAG } from "./guide/steps";
import type { Tag } from "./api";
import { RepositoriesPage } from "./repositories/RepositoriesPage";
import { RepositoryPage } from "./repositories/RepositoryPage";
import { CreateServiceWizard } from "./services/create/CreateServiceWizard";
import { ServiceDetailPage } from "./services/ServiceDetailPage";
import { DeploymentPage } from "./services/deployments/DeploymentPage";
import { ALL, ServicesPage } from "./services/ServicesPage";
import { EnvironmentsPage } from "./settings/EnvironmentsPage";
import { ComparePage } from "./task-definitions/ComparePage";
import { FamilyPage } from "./task-definitions/FamilyPage";
import { TaskDefinitionsPage } from "./task-definitions/TaskDefinitionsPage";
import { TaskDefinitionWizard } from "./task-definitions/create/TaskDefinitionWizard";
import type { Example } from "./task-definitions/create/model";
import { RunTaskWizard } from "./tasks/run/RunTaskWizard";
import { TaskDetailPage } from "./tasks/TaskDetailPage";
import { TasksPage } from "./tasks/TasksPage";

export interface Crumb {
  text: string;
  href: string;
}

/** The top-level places in the side navigation. */
export type Section = "clusters" | "taskDefinitions" | "services" | "tasks" | "repositories" | "monitoring" | "alarms" | "guide" | "settings";

interface Route<N extends PathName> {
  name: N;
  section: Section;
  contentType?: "table" | "form" | "default" | "wizard";
  /** Breadcrumbs after the section's own. */
  crumbs?: (p: Params<N>, q: URLSearchParams) => Crumb[];
  render: (p: Params<N>, q: URLSearchParams) => ReactNode;
}

const route = <N extends PathName>(r: Route<N>) => r;

export const SECTIONS: Record<Section, Crumb> = {
  clusters: { text: "Clusters", href: href("clusters") },
  taskDefinitions: { text: "Task definitions", href: href("taskDefinitions") },
  services: { text: "Services", href: href("services") },
  tasks: { text: "Tasks", href: href("tasks") },
  repositories: { text: "Repositories", href: href("repositories") },
  monitoring: { text: "Monitoring", href: href("monitoring") },
  alarms: { text: "Alarms", href: href("alarms") },
  guide: { text: "Guide", href: href("guide") },
  settings: { text: "Settings", href: href("settings") },
};

const query = (q: URLSearchParams, key: string) => q.get(key) ?? undefined;
/** What the guide's Do it creates carries `berth:guide` (`?tag=guide`), so its clean-up
 *  finds it whatever the learner names it. */
function guideTags(q: URLSearchParams): Tag[] | undefined {
  return q.get("tag") === "guide" ? [{ key: GUIDE_TAG, value: "true" }] : undefined;
}

/** The guide's example for a new task definition (`?family=&image=&port=&memory=`). */
function example(q: URLSearchParams): Example | undefined {
  const image = q.get("image");
  if (!image) return undefined;
  return { family: q.get("family") ?? "", image, port: Number(q.get("port") ?? 80), memory: Number(q.get("memory") ?? 512) };
}

// One entry per place; widened to a common type so the table can be searched.
const ROUTES = [
  route({ name: "clusters", section: "clusters", contentType: "table", render: () => <ClustersPage /> }),
  route({ name: "createCluster", section: "clusters", contentType: "wizard", crumbs: () => [{ text: "Create cluster", href: href("createCluster") }], render: (_, q) => <CreateClusterWizard name={query(q, "name")} capacity={q.get("capacity") === "ec2" ? "ec2" : undefined} tags={guideTags(q)} /> }),
  route({
    name: "addCapacity",
    section: "clusters",
    contentType: "wizard",
    crumbs: (p) => [{ text: p.name, href: href("cluster", p) }, { text: "Add EC2 capacity", href: href("addCapacity", p) }],
    render: (p) => <AddCapacityWizard key={p.name} cluster={p.name} />,
  }),
  route({ name: "cluster", section: "clusters", crumbs: (p) => [{ text: p.name, href: href("cluster", p) }], render: (p) => <ClusterDetailPage key={p.name} name={p.name} /> }),
  route({ name: "taskDefinitions", section: "taskDefinitions", contentType: "table", render: () => <TaskDefinitionsPage /> }),
  route({
    name: "createTaskDefinition",
    section: "taskDefinitions",
    contentType: "wizard",
    crumbs: (_, q) => [{ text: q.get("from") ? `New revision of ${q.get("from")}` : "Create", href: href("createTaskDefinition", {}, { from: query(q, "from") }) }],
    render: (_, q) => <TaskDefinitionWizard key={q.get("from") ?? "new"} from={query(q, "from")} example={example(q)} />,
  }),
  route({
    name: "compareRevisions",
    section: "taskDefinitions",
    crumbs: (p) => [{ text: p.family, href: href("family", { family: p.family }) }, { text: "Compare", href: href("compareRevisions", p) }],
    render: (p) => <ComparePage family={p.family} left={p.left} right={p.right} />,
  }),
  route({ name: "family", section: "taskDefinitions", crumbs: (p) => [{ text: p.family, href: href("family", p) }], render: (p) => <FamilyPage key={p.family} family={p.family} /> }),
  route({
    name: "runTask",
    section: "tasks",
    contentType: "wizard",
    crumbs: () => [{ text: "Run task", href: href("runTask") }],
    render: (_, q) => <RunTaskWizard cluster={query(q, "cluster")} taskDefinition={query(q, "taskDefinition")} />,
  }),
  route({ name: "tasks", section: "tasks", contentType: "table", render: () => <TasksPage key="" /> }),
  route({ name: "clusterTasks", section: "tasks", contentType: "table", crumbs: (p) => [{ text: p.cluster, href: href("clusterTasks", p) }], render: (p) => <TasksPage key={p.cluster} cluster={p.cluster} /> }),
  route({
    name: "task",
    section: "tasks",
    crumbs: (p) => [{ text: p.cluster, href: href("clusterTasks", { cluster: p.cluster }) }, { text: p.taskId.slice(0, 12), href: href("task", p) }],
    render: (p) => <TaskDetailPage key={p.taskId} cluster={p.cluster} taskId={p.taskId} />,
  }),
  route({
    name: "createService",
    section: "services",
    contentType: "wizard",
    crumbs: () => [{ text: "Create service", href: href("createService") }],
    render: (_, q) => <CreateServiceWizard cluster={query(q, "cluster")} family={query(q, "family")} name={query(q, "name")} desired={query(q, "desired")} tags={guideTags(q)} />,
  }),
  route({ name: "services", section: "services", contentType: "table", render: () => <ServicesPage key="" /> }),
  route({
    name: "clusterServices",
    section: "services",
    contentType: "table",
    crumbs: (p) => [{ text: p.cluster === ALL ? "All clusters" : p.cluster, href: href("clusterServices", p) }],
    render: (p) => <ServicesPage key={p.cluster} cluster={p.cluster} />,
  }),
  route({
    name: "service",
    section: "services",
    crumbs: (p) => [{ text: p.cluster, href: href("clusterServices", { cluster: p.cluster }) }, { text: p.name, href: href("service", p) }],
    render: (p, q) => <ServiceDetailPage key={`${p.cluster}/${p.name}`} cluster={p.cluster} name={p.name} tab={query(q, "tab")} />,
  }),
  route({
    name: "serviceDeployment",
    section: "services",
    crumbs: (p) => [
      { text: p.cluster, href: href("clusterServices", { cluster: p.cluster }) },
      { text: p.name, href: href("service", { cluster: p.cluster, name: p.name }, { tab: "deployments" }) },
      { text: `Deployment ${p.id}`, href: href("serviceDeployment", p) },
    ],
    render: (p) => <DeploymentPage key={p.id} cluster={p.cluster} name={p.name} id={p.id} />,
  }),
  route({ name: "repositories", section: "repositories", contentType: "table", render: () => <RepositoriesPage /> }),
  route({ name: "repository", section: "repositories", crumbs: (p) => [{ text: p.name, href: href("repository", p) }], render: (p) => <RepositoryPage key={p.name} name={p.name} /> }),
  route({ name: "monitoring", section: "monitoring", render: () => <MonitoringPage key="" /> }),
  route({ name: "alarms", section: "alarms", contentType: "table", render: () => <AlarmsPage /> }),
  route({ name: "alarm", section: "alarms", crumbs: (p) => [{ text: p.name, href: href("alarm", p) }], render: (p) => <AlarmPage key={p.name} name={p.name} /> }),
  route({
    name: "clusterMonitoring",
    section: "monitoring",
    crumbs: (p) => [{ text: p.cluster, href: href("clusterMonitoring", p) }],
    render: (p, q) => <MonitoringPage key={p.cluster} cluster={p.cluster} services={query(q, "services")} />,
  }),
  route({ name: "guide", section: "guide", render: () => <GuidePage /> }),
  route({ name: "settings", section: "settings", contentType: "table", render: () => <EnvironmentsPage /> }),
] as unknown as Route<PathName>[];

export interface Page {
  content: ReactNode;
  section: Section;
  crumbs: Crumb[];
  contentType?: Route<PathName>["contentType"];
}

/** The screen for a location (`/path?query`); anything unknown shows the clusters. */
export function page(location: string): Page {
  const [path, search = ""] = location.split("?", 2);
  const q = new URLSearchParams(search);
  for (const r of ROUTES) {
    const params = match(r.name, path);
    if (params) return { content: r.render(params, q), section: r.section, crumbs: [SECTIONS[r.section], ...(r.crumbs?.(params, q) ?? [])], contentType: r.contentType };
  }
  return page("/clusters");
}
