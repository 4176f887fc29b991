//! Task placement on EC2 capacity: the strategies and constraints a run or service asks
//! for, checked as ECS checks them (a memberOf expression's cluster query syntax
//! included) before AWS sees them; and why ECS could not place a task, in words, with
//! what would fix it: the reasons RunTask and StartTask return in `failures[]`.

use serde::{Deserialize, Serialize};

use crate::validation::FieldError;

/// One placement strategy item: `spread` (field `instanceId`, `host` or
/// `attribute:<name>`), `binpack` (`cpu` or `memory`) or `random` (no field).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PlacementStrategyItem {
    pub kind: String,
    #[serde(default)]
    pub field: Option<String>,
}

/// `distinctInstance` (no expression) or `memberOf` with a cluster query expression.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PlacementConstraintItem {
    pub kind: String,
    #[serde(default)]
    pub expression: Option<String>,
}

/// ECS's limits: five strategy items, ten constraints (the task definition's included).
pub const MAX_STRATEGY: usize = 5;
pub const MAX_CONSTRAINTS: usize = 10;

pub fn strategy_errors(items: &[PlacementStrategyItem]) -> Vec<FieldError> {
    let mut errors = vec![];
    if items.len() > MAX_STRATEGY {
        errors.push(FieldError::new("placementStrategy", format!("At most {MAX_STRATEGY} strategy items.")));
    }
    for (i, s) in items.iter().enumerate() {
        let field = format!("placementStrategy[{i}]");
        let f = s.field.as_deref().unwrap_or("");
        let ok = match s.kind.as_str() {
            "random" => f.is_empty(),
            "binpack" => f.eq_ignore_ascii_case("cpu") || f.eq_ignore_ascii_case("memory"),
            "spread" => f == "instanceId" || f == "host" || f.strip_prefix("attribute:").is_some_and(|a| !a.is_empty()),
            _ => false,
        };
        if !ok {
            errors.push(FieldError::new(
                field,
                "Use spread by instanceId, host or attribute:<name>; binpack by cpu or memory; or random with no field.",
            ));
        }
    }
    errors
}

pub fn constraint_errors(items: &[PlacementConstraintItem]) -> Vec<FieldError> {
    let mut errors = vec![];
    if items.len() > MAX_CONSTRAINTS {
        errors.push(FieldError::new(
            "placementConstraints",
            format!("At most {MAX_CONSTRAINTS} constraints, the task definition's included."),
        ));
    }
    for (i, c) in items.iter().enumerate() {
        let field = format!("placementConstraints[{i}].expression");
        match (c.kind.as_str(), c.expression.as_deref()) {
            ("distinctInstance", None) => {}
            ("distinctInstance", Some(_)) => errors.push(FieldError::new(field, "distinctInstance takes no expression.")),
            ("memberOf", Some(e)) if e.len() > 2000 => {
                errors.push(FieldError::new(field, "A memberOf expression is at most 2,000 characters."))
            }
            ("memberOf", Some(e)) => {
                if let Err(why) = check_expression(e) {
                    errors.push(FieldError::new(field, why));
                }
            }
            ("memberOf", None) => errors.push(FieldError::new(field, "memberOf needs a cluster query expression.")),
            _ => errors.push(FieldError::new(format!("placementConstraints[{i}].kind"), "Use distinctInstance or memberOf.")),
        }
    }
    errors
}

/// Both lists together, with the rule that Fargate places tasks itself.
pub fn placement_errors(fargate: bool, strategy: &[PlacementStrategyItem], constraints: &[PlacementConstraintItem]) -> Vec<FieldError> {
    let mut errors = vec![];
    if fargate && (!strategy.is_empty() || !constraints.is_empty()) {
        errors.push(FieldError::new(
            "placementStrategy",
            "Fargate places tasks itself: placement strategies and constraints are for EC2 capacity",
        ));
    }
    errors.extend(strategy_errors(strategy));
    errors.extend(constraint_errors(constraints));
    errors
}

/// The strategy as the SDK sends it.
pub fn sdk_strategy(items: &[PlacementStrategyItem]) -> Vec<aws_sdk_ecs::types::PlacementStrategy> {
    use aws_sdk_ecs::types::{PlacementStrategy, PlacementStrategyType};
    items
        .iter()
        .map(|s| PlacementStrategy::builder().r#type(PlacementStrategyType::from(s.kind.as_str())).set_field(s.field.clone()).build())
        .collect()
}

/// The constraints as the SDK sends them.
pub fn sdk_constraints(items: &[PlacementConstraintItem]) -> Vec<aws_sdk_ecs::types::PlacementConstraint> {
    use aws_sdk_ecs::types::{PlacementConstraint, PlacementConstraintType};
    items
        .iter()
        .map(|c| {
            PlacementConstraint::builder()
                .r#type(PlacementConstraintType::from(c.kind.as_str()))
                .set_expression(c.expression.clone())
                .build()
        })
        .collect()
}

/// The AWS CLI's `--placement-strategy` and `--placement-constraints`, each item quoted
/// for the shell (a memberOf expression has spaces and brackets).
pub fn cli_args(strategy: &[PlacementStrategyItem], constraints: &[PlacementConstraintItem]) -> String {
    let mut out = String::new();
    if !strategy.is_empty() {
        out += " --placement-strategy";
        for s in strategy {
            out += &match &s.field {
                Some(f) => format!(" type={},field={f}", s.kind),
                None => format!(" type={}", s.kind),
            };
        }
    }
    if !constraints.is_empty() {
        out += " --placement-constraints";
        for c in constraints {
            out += &match &c.expression {
                Some(e) => format!(" 'type={},expression=\"{}\"'", c.kind, e.replace('\'', "'\\''")),
                None => format!(" type={}", c.kind),
            };
        }
    }
    out
}

const SUBJECTS: &[&str] = &["agentConnected", "agentVersion", "ec2InstanceId", "registeredAt", "runningTasksCount", "task:group"];
const UNARY: &[&str] = &["exists", "!exists", "not_exists"];
const LIST_OPS: &[&str] = &["in", "not_in"];
const BINARY: &[&str] = &[
    "==",
    "equals",
    "!=",
    "not_equals",
    ">",
    "greater_than",
    ">=",
    "greater_than_equal",
    "<",
    "less_than",
    "<=",
    "less_than_equal",
    "=~",
    "matches",
    "!~",
    "not_matches",
];

/// Checks a cluster query expression's syntax (`subject operator [value]`, joined by
/// and/or, with not and parentheses) as ECS's query language defines it; the error says
/// what is wrong and where.
pub fn check_expression(expression: &str) -> Result<(), String> {
    #[derive(PartialEq)]
    enum Want {
        Term,
        Operator,
        Value,
        List,
        Joiner,
    }
    let spaced = expression.replace('(', " ( ").replace(')', " ) ").replace('[', " [ ").replace(']', " ] ").replace(',', " , ");
    let mut want = Want::Term;
    let mut depth = 0usize;
    let mut subject = String::new();
    let mut list_items = 0usize;
    for word in spaced.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        want = match want {
            Want::Term if word == "(" => {
                depth += 1;
                Want::Term
            }
            Want::Term if lower == "not" || word == "!" => Want::Term,
            Want::Term => {
                let known = SUBJECTS.contains(&word) || word.strip_prefix("attribute:").is_some_and(|a| !a.is_empty());
                if !known {
                    return Err(format!("'{word}' is not a subject; use attribute:<name>, ec2InstanceId, agentConnected, agentVersion, registeredAt, runningTasksCount or task:group."));
                }
                subject = word.to_string();
                Want::Operator
            }
            Want::Operator if UNARY.contains(&word) => Want::Joiner,
            Want::Operator if LIST_OPS.contains(&word) => Want::List,
            Want::Operator if BINARY.contains(&word) => Want::Value,
            Want::Operator => {
                return Err(format!("'{word}' after {subject} is not an operator; use ==, !=, >, <, in, exists, =~ or their word forms."))
            }
            Want::List if word == "[" && list_items == 0 => {
                list_items = 1;
                Want::List
            }
            Want::List if list_items == 0 => return Err(format!("in after {subject} takes a list in brackets, such as [a, b].")),
            Want::List if word == "]" => {
                if list_items == 1 {
                    return Err(format!("The list after {subject} is empty."));
                }
                list_items = 0;
                Want::Joiner
            }
            Want::List if word == "," => Want::List,
            Want::List => {
                list_items += 1;
                Want::List
            }
            Want::Value if "()[],".contains(word) => return Err(format!("{subject} needs a value after its operator.")),
            Want::Value => Want::Joiner,
            Want::Joiner if word == ")" && depth > 0 => {
                depth -= 1;
                Want::Joiner
            }
            Want::Joiner if ["and", "&&", "or", "||"].contains(&lower.as_str()) => Want::Term,
            Want::Joiner => return Err(format!("'{word}' cannot follow a complete condition; join conditions with and or or.")),
        };
    }
    match want {
        Want::Joiner if depth == 0 => Ok(()),
        Want::Joiner => Err("A '(' is never closed.".into()),
        Want::List => Err(format!("The list after {subject} is never closed with ].")),
        Want::Term if expression.trim().is_empty() => Err("The expression is empty.".into()),
        _ => Err("The expression ends before its condition is complete.".into()),
    }
}

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
    fn memberof_expressions_are_checked_for_the_query_syntax() {
        assert!(check_expression("attribute:ecs.instance-type == t3.micro").is_ok());
        assert!(check_expression("attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and not(runningTasksCount > 2)").is_ok());
        assert!(check_expression("attribute:ecs.gpu exists or task:group == service:web").is_ok());
        assert!(check_expression("attribute:ecs.instance-type = t3.micro").unwrap_err().contains("not an operator"));
        assert!(check_expression("instanceType == t3.micro").unwrap_err().contains("not a subject"));
        assert!(check_expression("attribute:ecs.availability-zone in [us-east-1a").unwrap_err().contains("never closed"));
        assert!(check_expression("(agentConnected == true").unwrap_err().contains("never closed"));
        assert!(check_expression("agentConnected == true false").unwrap_err().contains("cannot follow"));
        assert!(check_expression("attribute:x ==").unwrap_err().contains("ends before"));
        assert_eq!(strategy_errors(&[PlacementStrategyItem { kind: "binpack".into(), field: Some("instanceId".into()) }]).len(), 1);
        assert!(constraint_errors(&[PlacementConstraintItem { kind: "distinctInstance".into(), expression: None }]).is_empty());
    }

    #[test]
    fn ecs_reasons_are_explained_and_unknown_ones_left_as_they_are() {
        assert!(explain("RESOURCE:MEMORY").unwrap().contains("less memory"));
        assert!(explain("RESOURCE:PORTS").unwrap().contains("host port to 0"));
        assert!(explain("DistinctInstance placement constraint unsatisfied.").unwrap().contains("distinctInstance"));
        assert_eq!(explain("SOMETHING NEW"), None);
    }
}
