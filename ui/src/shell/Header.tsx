// The top bar: Berth, the active environment and its region, each switched in one click.
import TopNavigation from "@cloudscape-design/components/top-navigation";
import logo from "../../../icons/64x64.png";
import { useEnvironment, kindLabel } from "./environment";
import { useNotifications } from "./notifications";
import { navigate } from "./router";
import { toApiError } from "../api";
import { href, to } from "../paths";
import { useRunningCost } from "./useRunningCost";

export function Header() {
  const { environments, active, regions, switchTo, setRegion } = useEnvironment();
  const { notifyError } = useNotifications();
  const cost = useRunningCost(active?.id, active?.region);

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
        ...(cost
          ? [
              {
                type: "menu-dropdown" as const,
                text: cost.free ? "$0/hour" : cost.estimate.hourly === null ? "Cost unknown" : `≈ $${cost.estimate.hourly.toFixed(2)}/hour`,
                description: cost.free
                  ? `Nothing is billed here. On AWS this would be ${cost.estimate.hourly === null ? "unknown" : `about $${cost.estimate.hourly.toFixed(4)} per hour`}.`
                  : `What runs now, by on-demand prices as of ${cost.estimate.pricesAsOf}`,
                iconName: "status-info" as const,
                ariaLabel: "Running cost",
                title: "Running cost",
                items: [
                  ...(cost.whyFree ? [{ id: "why", text: cost.whyFree, disabled: true }] : []),
                  ...cost.estimate.lines.map((l, i) => ({
                    id: `line-${i}`,
                    text: `${l.item}: ${l.hourly === null ? "unknown" : `$${l.hourly.toFixed(4)}/hour`}`,
                    secondaryText: l.detail,
                    disabled: true,
                  })),
                  ...(cost.estimate.lines.length === 0 ? [{ id: "none", text: "Nothing billed by the hour is running.", disabled: true }] : []),
                  ...cost.estimate.notes.map((n, i) => ({ id: `note-${i}`, text: n, disabled: true })),
                ],
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
