// The create-cluster wizard's model: what the user has chosen, as berth-core's NewCluster.
import type { NewCluster, Tag } from "../../api";

export type Model = NewCluster;

export const initial: Model = { clusterName: "", containerInsights: false, tags: [] };

export function setTag(tags: Tag[], index: number, change: Partial<Tag>): Tag[] {
  return tags.map((t, i) => (i === index ? { ...t, ...change } : t));
}
