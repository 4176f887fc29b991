// The create-cluster wizard's model: the cluster (berth-core's NewCluster), whether it
// gets EC2 capacity, and the EC2 choices; the steps read and change it.
import type { NewCluster, Tag } from "../../api";
import { INITIAL_EC2, type Ec2Choices } from "../capacity/model";

export type CapacityChoice = "fargate" | "ec2";

export type Model = NewCluster & { capacity: CapacityChoice; ec2: Ec2Choices };

export const initial: Model = { clusterName: "", containerInsights: false, tags: [], capacity: "fargate", ec2: INITIAL_EC2 };

export function setTag(tags: Tag[], index: number, change: Partial<Tag>): Tag[] {
  return tags.map((t, i) => (i === index ? { ...t, ...change } : t));
}

/** The cluster alone, as CreateCluster takes it. */
export function clusterOf(m: Model): NewCluster {
  return { clusterName: m.clusterName, containerInsights: m.containerInsights, tags: m.tags };
}
