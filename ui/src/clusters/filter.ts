import type { Cluster } from "../api";

/** The clusters table's text filter: any word may match name, status, capacity providers or tags. */
export function clusterMatches(cluster: Cluster, filteringText: string): boolean {
  const words = filteringText.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    cluster.clusterName,
    cluster.status,
    ...cluster.capacityProviders,
    ...cluster.tags.flatMap((t) => [t.key, t.value, `${t.key}=${t.value}`]),
  ]
    .join(" ")
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}
