import { useEffect } from "react";
import AppLayout from "@cloudscape-design/components/app-layout";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Flashbar from "@cloudscape-design/components/flashbar";
import SideNavigation from "@cloudscape-design/components/side-navigation";
import { href } from "./paths";
import { page, SECTIONS } from "./routes";
import { SettingsNotice } from "./settings/SettingsNotice";
import { HelpDrawer, HelpProvider, useHelp } from "./help/help";
import { EnvironmentProvider } from "./shell/environment";
import { Header } from "./shell/Header";
import { NotificationsProvider, useNotifications } from "./shell/notifications";
import { follow, useRoute } from "./shell/router";

const link = (section: keyof typeof SECTIONS) => ({ type: "link" as const, ...SECTIONS[section] });

const NAV_ITEMS = [
  link("clusters"),
  link("taskDefinitions"),
  link("services"),
  link("tasks"),
  link("repositories"),
  link("monitoring"),
  link("alarms"),
  { type: "divider" as const },
  link("guide"),
  link("settings"),
];

function Shell() {
  const path = useRoute();
  const { items, clearSuccess } = useNotifications();
  const current = page(path);
  const help = useHelp();
  const section = current.section;
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
          <SideNavigation header={{ text: "Amazon ECS", href: href("clusters") }} items={NAV_ITEMS} activeHref={SECTIONS[section].href} onFollow={follow} />
        }
        breadcrumbs={<BreadcrumbGroup items={[{ text: "Berth", href: href("clusters") }, ...current.crumbs]} onFollow={follow} />}
        notifications={
          <>
            <SettingsNotice />
            <Flashbar items={items} stackItems={items.length > 2} />
          </>
        }
        contentType={current.contentType}
        tools={<HelpDrawer />}
        ariaLabels={{ tools: "Help", toolsClose: "Close help", toolsToggle: "Open help", navigation: "Navigation", navigationClose: "Close navigation", navigationToggle: "Open navigation" }}
        toolsOpen={help.open}
        onToolsChange={({ detail }) => help.setOpen(detail.open)}
        content={current.content}
      />
    </>
  );
}

export function App() {
  return (
    <NotificationsProvider>
      <EnvironmentProvider>
        <HelpProvider>
          <Shell />
        </HelpProvider>
      </EnvironmentProvider>
    </NotificationsProvider>
  );
}
