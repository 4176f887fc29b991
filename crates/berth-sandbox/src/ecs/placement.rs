//! Task placement on EC2 capacity as ECS does it: strategies (random, spread by instance
//! or attribute, binpack by CPU or memory) and constraints (distinctInstance, memberOf
//! with a cluster query expression, checked for syntax), then each candidate instance's
//! free CPU, memory, host ports and network interfaces. When nothing fits, the reason
//! is ECS's (RESOURCE:MEMORY, RESOURCE:PORTS, "MemberOf placement constraint
//! unsatisfied.", …) with the closest instance's ARN.

use serde_json::Value;

use super::tasks::task_size;
use super::{invalid, Ecs};
use crate::error::AwsError;
use crate::util;

/// Ports the agent reserves on every instance (ECS-FACTS-EC2 §2).
pub const RESERVED_PORTS: &[i64] = &[22, 2375, 2376, 51678, 51679];
/// Docker's dynamic host ports when the instance sets no ip_local_port_range.
const DYNAMIC_PORTS: std::ops::RangeInclusive<i64> = 49153..=65535;

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Test { subject: String, op: String, values: Vec<String> },
}

#[derive(Debug, Clone)]
enum Constraint {
    DistinctInstance,
    MemberOf(Expr),
}

/// Strategies and constraints for one launch, checked as ECS checks them.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    strategy: Vec<(String, Option<String>)>,
    constraints: Vec<Constraint>,
}

const OPS: &[&str] = &[
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
    "exists",
    "!exists",
    "not_exists",
    "in",
    "not_in",
    "=~",
    "matches",
    "!~",
    "not_matches",
];

fn tokens(expression: &str) -> Vec<String> {
    let mut out = vec![];
    let mut word = String::new();
    for c in expression.chars() {
        if c.is_whitespace() || "()[],".contains(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

struct Parser {
    tokens: Vec<String>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn next(&mut self) -> Option<String> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn expr(&mut self) -> Result<Expr, String> {
        let mut left = self.term()?;
        while let Some(op) = self.peek().map(str::to_ascii_lowercase) {
            match op.as_str() {
                "and" | "&&" => {
                    self.next();
                    left = Expr::And(Box::new(left), Box::new(self.term()?));
                }
                "or" | "||" => {
                    self.next();
                    left = Expr::Or(Box::new(left), Box::new(self.term()?));
                }
                _ => break,
            }
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, String> {
        match self.next().as_deref() {
            None => Err("the expression ends where a subject was expected".into()),
            Some("(") => {
                let inner = self.expr()?;
                match self.next().as_deref() {
                    Some(")") => Ok(inner),
                    _ => Err("a '(' is never closed".into()),
                }
            }
            Some(t) if t.eq_ignore_ascii_case("not") || t == "!" => Ok(Expr::Not(Box::new(self.term()?))),
            Some(subject) => {
                let known = matches!(subject, "agentConnected" | "agentVersion" | "ec2InstanceId" | "registeredAt" | "runningTasksCount")
                    || subject.strip_prefix("attribute:").is_some_and(|a| !a.is_empty())
                    || subject.strip_prefix("task:").is_some_and(|a| a == "group");
                if !known {
                    return Err(format!(
                        "'{subject}' is not a subject: use agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount or task:group"
                    ));
                }
                let op = self.next().ok_or_else(|| format!("'{subject}' needs an operator such as == or in"))?;
                if !OPS.contains(&op.as_str()) {
                    return Err(format!("'{op}' is not an operator: use one of {}", OPS.join(", ")));
                }
                let mut values = vec![];
                if matches!(op.as_str(), "exists" | "!exists" | "not_exists") {
                    // No value.
                } else if matches!(op.as_str(), "in" | "not_in") {
                    if self.next().as_deref() != Some("[") {
                        return Err(format!("'{op}' takes a list in brackets, such as [a, b]"));
                    }
                    loop {
                        match self.next().as_deref() {
                            Some("]") => break,
                            Some(",") => continue,
                            Some(v) if !"()[".contains(v) => values.push(v.to_string()),
                            _ => return Err("a '[' list is never closed".into()),
                        }
                    }
                    if values.is_empty() {
                        return Err(format!("the list after '{op}' is empty"));
                    }
                } else {
                    match self.next() {
                        Some(v) if !"()[],".contains(v.as_str()) => values.push(v),
                        _ => return Err(format!("'{subject} {op}' needs a value")),
                    }
                }
                Ok(Expr::Test { subject: subject.to_string(), op, values })
            }
        }
    }
}

/// Parses a cluster query expression; the error says what is wrong where.
fn parse(expression: &str) -> Result<Expr, String> {
    let mut p = Parser { tokens: tokens(expression), at: 0 };
    let e = p.expr()?;
    match p.peek() {
        None => Ok(e),
        Some(t) => Err(format!("unexpected '{t}' after a complete expression")),
    }
}

/// `*` and `?` wildcards, as the query language's values allow.
fn glob(pattern: &str, value: &str) -> bool {
    fn go(p: &[u8], v: &[u8]) -> bool {
        match (p.first(), v.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], v) || (!v.is_empty() && go(p, &v[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &v[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &v[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), value.as_bytes())
}

fn compare(actual: &str, op: &str, expected: &str) -> bool {
    let numbers = actual.parse::<f64>().ok().zip(expected.parse::<f64>().ok());
    match op {
        "==" | "equals" => glob(expected, actual),
        "!=" | "not_equals" => !glob(expected, actual),
        "=~" | "matches" => glob(expected, actual),
        "!~" | "not_matches" => !glob(expected, actual),
        ">" | "greater_than" => numbers.map_or(actual > expected, |(a, e)| a > e),
        ">=" | "greater_than_equal" => numbers.map_or(actual >= expected, |(a, e)| a >= e),
        "<" | "less_than" => numbers.map_or(actual < expected, |(a, e)| a < e),
        "<=" | "less_than_equal" => numbers.map_or(actual <= expected, |(a, e)| a <= e),
        _ => false,
    }
}

pub fn attribute<'a>(ci: &'a Value, name: &str) -> Option<&'a str> {
    ci["attributes"].as_array()?.iter().find(|a| a["name"] == name).map(|a| a["value"].as_str().unwrap_or(""))
}

impl Rules {
    /// Reads `placementStrategy` and `placementConstraints` (plus the task definition's
    /// constraints) with ECS's limits.
    pub fn parse(strategy: &Value, constraints: &Value, td: &Value) -> Result<Rules, AwsError> {
        let mut rules = Rules::default();
        let strategy = strategy.as_array().cloned().unwrap_or_default();
        if strategy.len() > 5 {
            return Err(invalid("A placement strategy can have at most 5 items.".into()));
        }
        for s in strategy {
            let kind = s["type"].as_str().unwrap_or_default().to_string();
            let field = s["field"].as_str().map(String::from);
            match (kind.as_str(), field.as_deref()) {
                ("random", None) => {}
                ("random", Some(f)) => return Err(invalid(format!("Invalid placement strategy: random takes no field, got '{f}'."))),
                ("binpack", Some(f)) if f.eq_ignore_ascii_case("cpu") || f.eq_ignore_ascii_case("memory") => {}
                ("binpack", f) => {
                    return Err(invalid(format!("Invalid placement strategy: binpack needs the field cpu or memory, got {f:?}.")))
                }
                ("spread", Some(f)) if f == "instanceId" || f == "host" || f.strip_prefix("attribute:").is_some_and(|a| !a.is_empty()) => {}
                ("spread", f) => {
                    return Err(invalid(format!(
                        "Invalid placement strategy: spread needs the field instanceId, host or attribute:<name>, got {f:?}."
                    )))
                }
                (other, _) => return Err(invalid(format!("Invalid placement strategy type '{other}': use random, spread or binpack."))),
            }
            rules.strategy.push((kind, field));
        }
        let own = constraints.as_array().cloned().unwrap_or_default();
        let from_td = td["placementConstraints"].as_array().cloned().unwrap_or_default();
        if own.len() + from_td.len() > 10 {
            return Err(invalid("A task can have at most 10 placement constraints, counting its task definition's.".into()));
        }
        for c in own.iter().chain(from_td.iter()) {
            let expression = c["expression"].as_str();
            match (c["type"].as_str().unwrap_or_default(), expression) {
                ("distinctInstance", None) => rules.constraints.push(Constraint::DistinctInstance),
                ("distinctInstance", Some(_)) => {
                    return Err(invalid("Invalid placement constraint: distinctInstance takes no expression.".into()))
                }
                ("memberOf", Some(e)) if e.len() <= 2000 => {
                    let parsed = parse(e).map_err(|why| invalid(format!("Invalid placement constraint expression '{e}': {why}.")))?;
                    rules.constraints.push(Constraint::MemberOf(parsed));
                }
                ("memberOf", Some(_)) => return Err(invalid("A memberOf expression can be at most 2000 characters long.".into())),
                ("memberOf", None) => return Err(invalid("Invalid placement constraint: memberOf needs an expression.".into())),
                (other, _) => {
                    return Err(invalid(format!("Invalid placement constraint type '{other}': use distinctInstance or memberOf.")))
                }
            }
        }
        Ok(rules)
    }
}

/// Host ports a task definition needs fixed on its instance (bridge with a host port,
/// or host mode), and how many dynamic ones.
pub fn port_needs(td: &Value) -> (Vec<i64>, usize) {
    let mode = td["networkMode"].as_str().unwrap_or("bridge");
    let (mut fixed, mut dynamic) = (vec![], 0);
    if mode == "awsvpc" || mode == "none" {
        return (fixed, dynamic);
    }
    for c in td["containerDefinitions"].as_array().into_iter().flatten() {
        for m in c["portMappings"].as_array().into_iter().flatten() {
            let container = m["containerPort"].as_i64().unwrap_or(0);
            match (mode, m["hostPort"].as_i64().filter(|h| *h > 0)) {
                ("host", h) => fixed.push(h.unwrap_or(container)),
                (_, Some(h)) => fixed.push(h),
                (_, None) => dynamic += 1,
            }
        }
    }
    (fixed, dynamic)
}

/// What a task asks of an instance.
pub struct Ask<'a> {
    pub td: &'a Value,
    pub group: &'a str,
    pub provider: Option<&'a str>,
    pub only: Option<&'a [String]>,
    pub rules: &'a Rules,
    /// Services spread by zone, then instance, unless told otherwise; RunTask is random.
    pub service: bool,
}

impl Ecs {
    /// Host ports in use on an instance: the agent's reserved ones and its tasks'.
    pub(super) fn used_ports(&self, ci: &Value) -> Vec<i64> {
        let arn = &ci["containerInstanceArn"];
        let mut used: Vec<i64> = RESERVED_PORTS.to_vec();
        for t in self.tasks.values().filter(|t| &t["containerInstanceArn"] == arn && t["lastStatus"] != "STOPPED") {
            for c in t["containers"].as_array().into_iter().flatten() {
                for b in c["networkBindings"].as_array().into_iter().flatten() {
                    if let Some(p) = b["hostPort"].as_i64() {
                        used.push(p);
                    }
                }
            }
        }
        used
    }

    /// A free dynamic host port on an instance, avoiding `taken` as well.
    pub(super) fn dynamic_port(&self, ci: &Value, taken: &[i64]) -> i64 {
        let used = self.used_ports(ci);
        DYNAMIC_PORTS.clone().find(|p| !used.contains(p) && !taken.contains(p)).unwrap_or(*DYNAMIC_PORTS.end())
    }

    fn tasks_on<'a>(&'a self, ci: &'a Value) -> impl Iterator<Item = &'a Value> + 'a {
        let arn = &ci["containerInstanceArn"];
        self.tasks.values().filter(move |t| &t["containerInstanceArn"] == arn && t["lastStatus"] != "STOPPED")
    }

    fn subject<'a>(&'a self, ci: &'a Value, subject: &str) -> Vec<String> {
        match subject {
            "agentConnected" => vec![ci["agentConnected"].as_bool().unwrap_or(false).to_string()],
            "agentVersion" => ci["versionInfo"]["agentVersion"].as_str().map(String::from).into_iter().collect(),
            "ec2InstanceId" => ci["ec2InstanceId"].as_str().map(String::from).into_iter().collect(),
            "registeredAt" => vec![ci["registeredAt"].to_string()],
            "runningTasksCount" => vec![self.tasks_on(ci).filter(|t| t["lastStatus"] == "RUNNING").count().to_string()],
            "task:group" => self.tasks_on(ci).filter_map(|t| t["group"].as_str().map(String::from)).collect(),
            s => s.strip_prefix("attribute:").and_then(|a| attribute(ci, a)).map(String::from).into_iter().collect(),
        }
    }

    fn holds(&self, ci: &Value, e: &Expr) -> bool {
        match e {
            Expr::And(a, b) => self.holds(ci, a) && self.holds(ci, b),
            Expr::Or(a, b) => self.holds(ci, a) || self.holds(ci, b),
            Expr::Not(a) => !self.holds(ci, a),
            Expr::Test { subject, op, values } => {
                let actual = self.subject(ci, subject);
                match op.as_str() {
                    "exists" => !actual.is_empty(),
                    "!exists" | "not_exists" => actual.is_empty(),
                    "in" => actual.iter().any(|a| values.iter().any(|v| glob(v, a))),
                    "not_in" => !actual.iter().any(|a| values.iter().any(|v| glob(v, a))),
                    "!=" | "not_equals" | "!~" | "not_matches" => actual.iter().all(|a| compare(a, op, &values[0])),
                    _ => actual.iter().any(|a| compare(a, op, &values[0])),
                }
            }
        }
    }

    /// Checks one instance against the ask.
    fn fit(&self, key: &str, ask: &Ask<'_>) -> Option<&'static str> {
        let ci = &self.container_instances[key];
        if ci["agentConnected"] != true {
            return Some("AGENT");
        }
        for c in &ask.rules.constraints {
            match c {
                Constraint::MemberOf(e) if !self.holds(ci, e) => return Some("MemberOf placement constraint unsatisfied."),
                Constraint::DistinctInstance if self.tasks_on(ci).any(|t| t["group"] == ask.group) => {
                    return Some("DistinctInstance placement constraint unsatisfied.")
                }
                _ => {}
            }
        }
        let (cpu, memory) = task_size(ask.td);
        let (free_cpu, free_memory) = self.free_resources(key);
        if free_cpu < cpu {
            return Some("RESOURCE:CPU");
        }
        if free_memory < memory {
            return Some("RESOURCE:MEMORY");
        }
        let (fixed, _) = port_needs(ask.td);
        if !fixed.is_empty() {
            let used = self.used_ports(ci);
            if fixed.iter().any(|p| used.contains(p)) {
                return Some("RESOURCE:PORTS");
            }
        }
        if ask.td["networkMode"] == "awsvpc" {
            let enis = attribute(ci, "ecs.instance-type").and_then(crate::compute::instance_type).map(|t| t.4).unwrap_or(i64::MAX);
            let in_use = self.tasks_on(ci).filter(|t| t["attachments"].as_array().is_some_and(|a| !a.is_empty())).count() as i64;
            if in_use >= enis.saturating_sub(1) {
                return Some("RESOURCE:ENI");
            }
        }
        None
    }

    /// Picks an instance for one task, or says why none fits: (closest instance ARN,
    /// reason). No instance at all is `None` for the ARN.
    pub(super) fn place_task(&self, cluster: &str, ask: &Ask<'_>) -> Result<String, (Option<String>, &'static str)> {
        let prefix = format!("{cluster}/");
        let candidates: Vec<&String> = self
            .container_instances
            .iter()
            .filter(|(k, ci)| k.starts_with(&prefix) && ci["status"] == "ACTIVE")
            .filter(|(_, ci)| ask.provider.is_none_or(|p| ci["capacityProviderName"] == p))
            .filter(|(_, ci)| ask.only.is_none_or(|o| o.iter().any(|a| ci["containerInstanceArn"] == *a)))
            .map(|(k, _)| k)
            .collect();
        if candidates.is_empty() {
            return Err((None, "No Container Instances were found in your cluster."));
        }
        let mut fits = vec![];
        let mut reasons: Vec<&'static str> = vec![];
        for key in candidates.iter().copied() {
            match self.fit(key, ask) {
                None => fits.push(key.clone()),
                Some(r) => reasons.push(r),
            }
        }
        if fits.is_empty() {
            // The reason most instances gave; the closest is the one with most memory free.
            let mut counted: Vec<(&'static str, usize)> = vec![];
            for r in &reasons {
                match counted.iter_mut().find(|(x, _)| x == r) {
                    Some(e) => e.1 += 1,
                    None => counted.push((r, 1)),
                }
            }
            let reason = counted.iter().max_by_key(|(_, n)| *n).map(|(r, _)| *r).unwrap_or("RESOURCE:MEMORY");
            let closest = candidates
                .iter()
                .max_by_key(|k| self.free_resources(k).1)
                .and_then(|k| self.container_instances[k.as_str()]["containerInstanceArn"].as_str().map(String::from));
            return Err((closest, reason));
        }
        let mut strategy = ask.rules.strategy.clone();
        if strategy.is_empty() {
            strategy = if ask.service {
                vec![("spread".into(), Some("attribute:ecs.availability-zone".into())), ("spread".into(), Some("instanceId".into()))]
            } else {
                vec![("random".into(), None)]
            };
        }
        let group_tasks = |key: &str| self.tasks_on(&self.container_instances[key]).filter(|t| t["group"] == ask.group).count() as f64;
        let score = |key: &String| -> Vec<f64> {
            let ci = &self.container_instances[key.as_str()];
            strategy
                .iter()
                .map(|(kind, field)| match (kind.as_str(), field.as_deref()) {
                    ("binpack", Some(f)) if f.eq_ignore_ascii_case("cpu") => self.free_resources(key).0 as f64,
                    ("binpack", _) => self.free_resources(key).1 as f64,
                    ("spread", Some("instanceId" | "host")) => group_tasks(key),
                    ("spread", Some(f)) => {
                        let name = f.trim_start_matches("attribute:");
                        let value = attribute(ci, name);
                        self.container_instances
                            .iter()
                            .filter(|(k, c)| k.starts_with(&prefix) && c["status"] == "ACTIVE" && attribute(c, name) == value)
                            .map(|(k, _)| group_tasks(k))
                            .sum()
                    }
                    _ => (util::random_u64() % 1000) as f64,
                })
                .collect()
        };
        let best = fits
            .iter()
            .map(|k| (score(k), k))
            .min_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))
            .map(|(_, k)| k.clone());
        best.ok_or((None, "RESOURCE:MEMORY"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_parse_as_the_cluster_query_language_reads() {
        assert!(parse("attribute:ecs.instance-type == t3.micro").is_ok());
        assert!(parse("attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and not (runningTasksCount > 3)").is_ok());
        assert!(parse("attribute:ecs.os-type exists").is_ok());
        assert!(parse("task:group == service:web or ec2InstanceId != i-1*").is_ok());
        let e = parse("attribute:ecs.instance-type =").unwrap_err();
        assert!(e.contains("not an operator"), "{e}");
        assert!(parse("instanceType == t3.micro").unwrap_err().contains("not a subject"));
        assert!(parse("attribute:ecs.availability-zone in [us-east-1a").unwrap_err().contains("never closed"));
        assert!(parse("(agentConnected == true").unwrap_err().contains("never closed"));
        assert!(parse("agentConnected == true true").unwrap_err().contains("unexpected"));
    }

    #[test]
    fn wildcards_match_as_values_allow() {
        assert!(glob("t3.*", "t3.micro"));
        assert!(!glob("t3.*", "t2.micro"));
        assert!(glob("us-east-1?", "us-east-1a"));
    }
}
