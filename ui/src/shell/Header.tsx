// The top bar: Berth, the active environment and its region, each switched in one click.
import TopNavigation from "@cloudscape-design/components/top-navigation";
import logo from "../../../icons/64x64.png";
import { useEnvironment, kindLabel } from "./environment";
import { useNotifications } from "./notifications";
import { navigate } from "./router";
import { toApiError } from "../api";
import { href, to } from "../paths";

export function Header() {
  const { environments, active, regions, switchTo, setRegion } = useEnvironment();
  const { notifyError } = useNotifications();

  const regionItems = regions.map((r) => ({ id: r.code, text: r.code, secondaryText: r.name, checked: r.code === active?.region }));
  if (active && !regions.some((r) => r.code === active.region)) {
    regionItems.unshift({ id: active.region, text: active.region, secondaryText: "", checked: true });
  }

  return (
    <TopNavigation
      identity={{ href: href("clusters"), title: "Berth", logo: { src: logo, alt: "Berth" }, onFollow: () => navigate(to("clusters")) }}
      utilities={[
        ...(active?.kind.type === "sandbox"
          ? [
              {
                type: "button" as const,
                variant: "primary-button" as const,
                text: "Sandbox",
                iconName: "status-info" as const,
                title: "Everything here runs in Berth's local sandbox: no AWS account, nothing billed.",
                ariaLabel: "Sandbox mode",
                href: href("settings"),
              },
            ]
          : []),
        {
          type: "menu-dropdown",
          text: active ? active.name : "No environment",
          description: active ? kindLabel(active) : "Add one in Settings",
          iconName: "globe",
          ariaLabel: "Environment",
          title: "Environment",
          items: [
            ...environments.map((e) => ({ id: e.id, text: e.name, secondaryText: kindLabel(e), checked: e.id === active?.id })),
            { id: "__manage", text: "Manage environments…" },
          ],
          onItemClick: ({ detail }) => {
            if (detail.id === "__manage") return navigate(to("settings"));
            switchTo(detail.id).catch((e) => notifyError("Could not switch environment", toApiError(e)));
          },
        },
        {
          type: "menu-dropdown",
          text: active?.region ?? "—",
          iconName: "location-pin",
          ariaLabel: "Region",
          title: "Region",
          items: regionItems,
          onItemClick: ({ detail }) =>
            void setRegion(detail.id).catch((e) => notifyError("Could not switch region", toApiError(e))),
        },
        { type: "button", text: "Settings", iconName: "settings", href: href("settings") },
      ]}
    />
  );
}
