import { useEffect } from "react";
import AppLayout from "@cloudscape-design/components/app-layout";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Flashbar from "@cloudscape-design/components/flashbar";
import SideNavigation from "@cloudscape-design/components/side-navigation";
import { ClustersPage } from "./clusters/ClustersPage";
import { ClusterDetailPage } from "./clusters/ClusterDetailPage";
import { CreateClusterWizard } from "./clusters/create/CreateClusterWizard";
import { NotBuiltYet, PLANNED } from "./placeholder/NotBuiltYet";
import { RepositoriesPage } from "./repositories/RepositoriesPage";
import { RepositoryPage } from "./repositories/RepositoryPage";
import { ComparePage } from "./task-definitions/ComparePage";
import { FamilyPage } from "./task-definitions/FamilyPage";
import { TaskDefinitionsPage } from "./task-definitions/TaskDefinitionsPage";
import { TaskDefinitionWizard } from "./task-definitions/TaskDefinitionWizard";
import { MonitoringPage } from "./monitoring/MonitoringPage";
import { CreateServiceWizard } from "./services/CreateServiceWizard";
import { ServiceDetailPage } from "./services/ServiceDetailPage";
import { ALL, ServicesPage } from "./services/ServicesPage";
import { RunTaskWizard } from "./tasks/run/RunTaskWizard";
import { TaskDetailPage } from "./tasks/TaskDetailPage";
import { TasksPage } from "./tasks/TasksPage";
import { EnvironmentsPage } from "./settings/EnvironmentsPage";
import { EnvironmentProvider } from "./shell/environment";
import { Header } from "./shell/Header";
import { NotificationsProvider, useNotifications } from "./shell/notifications";
import { follow, useRoute } from "./shell/router";
import { SettingsNotice } from "./settings/SettingsNotice";

const NAV_ITEMS = [
  { type: "link" as const, text: "Clusters", href: "#/clusters" },
  { type: "link" as const, text: "Task definitions", href: "#/task-definitions" },
  { type: "link" as const, text: "Services", href: "#/services" },
  { type: "link" as const, text: "Tasks", href: "#/tasks" },
  { type: "link" as const, text: "Repositories", href: "#/repositories" },
  { type: "link" as const, text: "Monitoring", href: "#/monitoring" },
  { type: "divider" as const },
  { type: "link" as const, text: "Guide", href: "#/guide" },
  { type: "link" as const, text: "Settings", href: "#/settings" },
];

interface Page {
  content: React.ReactNode;
  crumbs: { text: string; href: string }[];
  activeHref: string;
  contentType?: "table" | "form" | "default" | "wizard";
}

function page(route: string): Page {
  const [path, search = ""] = route.split("?", 2);
  const query = new URLSearchParams(search);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const clusters = { text: "Clusters", href: "#/clusters" };
  const repositories = { text: "Repositories", href: "#/repositories" };
  const taskDefinitions = { text: "Task definitions", href: "#/task-definitions" };
  const tasks = { text: "Tasks", href: "#/tasks" };
  if (parts[0] === "repositories" && parts[1]) {
    return { content: <RepositoryPage key={parts[1]} name={parts[1]} />, crumbs: [repositories, { text: parts[1], href: route }], activeHref: "#/repositories" };
  }
  if (parts[0] === "repositories") {
    return { content: <RepositoriesPage />, crumbs: [repositories], activeHref: "#/repositories", contentType: "table" };
  }
  if (parts[0] === "task-definitions" && parts[1] === "create") {
    const from = query.get("from") ?? undefined;
    return { content: <TaskDefinitionWizard key={from ?? "new"} from={from} />, crumbs: [taskDefinitions, { text: from ? `New revision of ${from}` : "Create", href: `#${route}` }], activeHref: "#/task-definitions", contentType: "wizard" };
  }
  if (parts[0] === "task-definitions" && parts[1] && parts[2] === "compare") {
    const family = { text: parts[1], href: `#/task-definitions/${encodeURIComponent(parts[1])}` };
    return { content: <ComparePage family={parts[1]} left={parts[3]} right={parts[4]} />, crumbs: [taskDefinitions, family, { text: "Compare", href: `#${route}` }], activeHref: "#/task-definitions" };
  }
  if (parts[0] === "task-definitions" && parts[1]) {
    return { content: <FamilyPage key={parts[1]} family={parts[1]} />, crumbs: [taskDefinitions, { text: parts[1], href: `#${route}` }], activeHref: "#/task-definitions" };
  }
  if (parts[0] === "task-definitions") {
    return { content: <TaskDefinitionsPage />, crumbs: [taskDefinitions], activeHref: "#/task-definitions", contentType: "table" };
  }
  if (parts[0] === "run-task") {
    return {
      content: <RunTaskWizard cluster={query.get("cluster") ?? undefined} taskDefinition={query.get("taskDefinition") ?? undefined} />,
      crumbs: [tasks, { text: "Run task", href: `#${route}` }],
      activeHref: "#/tasks",
      contentType: "wizard",
    };
  }
  if (parts[0] === "tasks" && parts[1] && parts[2]) {
    const cluster = { text: parts[1], href: `#/tasks/${encodeURIComponent(parts[1])}` };
    return { content: <TaskDetailPage key={parts[2]} cluster={parts[1]} taskId={parts[2]} />, crumbs: [tasks, cluster, { text: parts[2].slice(0, 12), href: `#${route}` }], activeHref: "#/tasks" };
  }
  if (parts[0] === "tasks") {
    return { content: <TasksPage key={parts[1] ?? ""} cluster={parts[1]} />, crumbs: [tasks, ...(parts[1] ? [{ text: parts[1], href: `#${route}` }] : [])], activeHref: "#/tasks", contentType: "table" };
  }
  const services = { text: "Services", href: "#/services" };
  if (parts[0] === "create-service") {
    const cluster = query.get("cluster") ?? undefined;
    return { content: <CreateServiceWizard cluster={cluster} />, crumbs: [services, { text: "Create service", href: `#${route}` }], activeHref: "#/services", contentType: "wizard" };
  }
  if (parts[0] === "services" && parts[1] && parts[2]) {
    const cluster = { text: parts[1], href: `#/services/${encodeURIComponent(parts[1])}` };
    return { content: <ServiceDetailPage key={`${parts[1]}/${parts[2]}`} cluster={parts[1]} name={parts[2]} />, crumbs: [services, cluster, { text: parts[2], href: `#${route}` }], activeHref: "#/services" };
  }
  if (parts[0] === "services") {
    const label = parts[1] === ALL ? "All clusters" : parts[1];
    return { content: <ServicesPage key={parts[1] ?? ""} cluster={parts[1]} />, crumbs: [services, ...(parts[1] ? [{ text: label, href: `#${route}` }] : [])], activeHref: "#/services", contentType: "table" };
  }
  if (parts[0] === "monitoring") {
    return { content: <MonitoringPage key={parts[1] ?? ""} cluster={parts[1]} services={query.get("services") ?? undefined} />, crumbs: [{ text: "Monitoring", href: "#/monitoring" }, ...(parts[1] ? [{ text: parts[1], href: `#${route}` }] : [])], activeHref: "#/monitoring" };
  }
  if (parts[0] === "clusters" && parts[1] === "create") {
    return { content: <CreateClusterWizard />, crumbs: [clusters, { text: "Create cluster", href: "#/clusters/create" }], activeHref: "#/clusters", contentType: "wizard" };
  }
  if (parts[0] === "clusters" && parts[1]) {
    return { content: <ClusterDetailPage key={parts[1]} name={parts[1]} />, crumbs: [clusters, { text: parts[1], href: `#/clusters/${parts[1]}` }], activeHref: "#/clusters" };
  }
  if (parts[0] === "settings") {
    return { content: <EnvironmentsPage />, crumbs: [{ text: "Settings", href: "#/settings" }], activeHref: "#/settings", contentType: "table" };
  }
  const planned = PLANNED[parts[0] ?? ""];
  if (planned) {
    return { content: <NotBuiltYet {...planned} />, crumbs: [{ text: planned.title, href: `#/${parts[0]}` }], activeHref: `#/${parts[0]}` };
  }
  return { content: <ClustersPage />, crumbs: [clusters], activeHref: "#/clusters", contentType: "table" };
}

function Shell() {
  const path = useRoute();
  const { items, clearSuccess } = useNotifications();
  const current = page(path);
  const section = current.activeHref;
  // Success messages belong to the screen they happened on; leaving the section drops them.
  useEffect(() => clearSuccess(), [section, clearSuccess]);
  return (
    <>
      <div id="top-nav" style={{ position: "sticky", top: 0, zIndex: 1002 }}>
        <Header />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        navigation={
          <SideNavigation header={{ text: "Amazon ECS", href: "#/clusters" }} items={NAV_ITEMS} activeHref={current.activeHref} onFollow={follow} />
        }
        breadcrumbs={<BreadcrumbGroup items={[{ text: "Berth", href: "#/clusters" }, ...current.crumbs]} onFollow={follow} />}
        notifications={
          <>
            <SettingsNotice />
            <Flashbar items={items} stackItems={items.length > 2} />
          </>
        }
        contentType={current.contentType}
        toolsHide
        content={current.content}
      />
    </>
  );
}

export function App() {
  return (
    <NotificationsProvider>
      <EnvironmentProvider>
        <Shell />
      </EnvironmentProvider>
    </NotificationsProvider>
  );
}
