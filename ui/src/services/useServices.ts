// Services of one cluster or of several, live while any of them settles (see
// shell/useLiveListing). Clusters are listed side by side into one table.
import { api, type ListingStats, type Service } from "../api";
import { useLiveListing } from "../shell/useLiveListing";
import { settling } from "./model";

export function useServices(clusters: string[]) {
  const key = clusters.join("\n");
  const { items, ...rest } = useLiveListing<Service>(
    key,
    (onBatch) =>
      clusters.length
        ? Promise.all(clusters.map((cluster) => api.listServices(cluster, onBatch))).then((all) =>
            all.reduce<ListingStats>((t, s) => ({ items: t.items + s.items, listCalls: t.listCalls + s.listCalls, describeCalls: t.describeCalls + s.describeCalls }), { items: 0, listCalls: 0, describeCalls: 0 }),
          )
        : null,
    settling,
  );
  return { services: items, ...rest };
}
