//! Why ECS could not place a task, in words, with what would fix it: the reasons RunTask
//! and StartTask return in `failures[]` (and services repeat in their events).

/// `reason` as ECS gives it (`RESOURCE:MEMORY`, `AGENT`, `ATTRIBUTE`, …); `None` for a
/// reason Berth has no words for, which the UI shows as it came.
pub fn explain(reason: &str) -> Option<String> {
    let words = match reason {
        "RESOURCE:MEMORY" => {
            "No container instance has enough unreserved memory for the task. Give the task or its containers less memory, or add capacity: more instances, or a larger instance type (an instance registers less memory than its nominal size)."
        }
        "RESOURCE:CPU" => {
            "No container instance has enough unreserved CPU units for the task. Lower the task's or its containers' CPU, or add instances or a larger instance type."
        }
        "RESOURCE:PORTS" | "RESOURCE:PORTS_TCP" | "RESOURCE:PORTS_UDP" => {
            "Every instance already uses a host port the task asks for. In bridge mode set the host port to 0 for a dynamic one, use awsvpc, or add instances."
        }
        "RESOURCE:ENI" => {
            "Every instance has used up its network interfaces for awsvpc tasks (an instance runs one fewer than its type's ENIs). Use a larger instance type, ENI trunking, or bridge mode, or add instances."
        }
        "RESOURCE:GPU" => "No instance has a free GPU of the kind the task asks for. Add GPU instances or ask for fewer GPUs.",
        "AGENT" => "The ECS agent on the instance is not connected, so ECS cannot start tasks there. Check the instance (is it running, can it reach ECS?) or restart its agent.",
        "ATTRIBUTE" => {
            "No instance has an attribute the task requires (a capability such as awslogs or task ENIs, an architecture, or an attribute named in a placement constraint). Use instances that have it, or drop the requirement."
        }
        "MISSING" => "ECS could not find the container instance or the cluster named in the request.",
        "EMPTY CAPACITY PROVIDER" => "The capacity provider has no instances yet. Wait for its Auto Scaling group to launch some, or raise its desired capacity.",
        "NO ACTIVE INSTANCES" => "The cluster has no ACTIVE container instances (they are draining, deregistered or not yet registered).",
        other if other.ends_with("placement constraint unsatisfied.") => {
            "No instance satisfies the task's placement constraints (distinctInstance allows one task of the group per instance; memberOf allows only instances its expression matches). Relax the constraint or add instances that satisfy it."
        }
        _ => return None,
    };
    Some(words.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecs_reasons_are_explained_and_unknown_ones_left_as_they_are() {
        assert!(explain("RESOURCE:MEMORY").unwrap().contains("less memory"));
        assert!(explain("RESOURCE:PORTS").unwrap().contains("host port to 0"));
        assert!(explain("DistinctInstance placement constraint unsatisfied.").unwrap().contains("distinctInstance"));
        assert_eq!(explain("SOMETHING NEW"), None);
    }
}
