import { useEffect } from "react";
import AppLayout from "@cloudscape-design/components/app-layout";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Flashbar from "@cloudscape-design/components/flashbar";
import SideNavigation from "@cloudscape-design/components/side-navigation";
import { ClustersPage } from "./clusters/ClustersPage";
import { ClusterDetailPage } from "./clusters/ClusterDetailPage";
import { CreateClusterWizard } from "./clusters/CreateClusterWizard";
import { NotBuiltYet, PLANNED } from "./placeholder/NotBuiltYet";
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

function page(path: string): Page {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const clusters = { text: "Clusters", href: "#/clusters" };
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
