import { api } from "../api";
import { useResource } from "../shell/useResource";

/** The active environment's clusters, reloaded when the environment or region changes. */
export function useClusters() {
  const { data, loading, error, reload } = useResource(api.listClusters, []);
  return { clusters: data ?? [], loading, error, reload };
}
