//! The machinery every multi-call wizard runs on: a plan is a list of steps, each an AWS
//! call with its CLI equivalent, shown before anything is sent. Running it records what
//! now exists, skips what an earlier run (or a call whose answer was lost, found by
//! `adopt`) already made, and stops at the first failure with everything made so far,
//! so the user can retry from the failed step or roll back. The service wizard and the
//! EC2 capacity wizard are both plans.

use serde::Serialize;

use crate::console::Clients;
use crate::error::{CoreError, Result};

/// Every step any plan has, in ECS's and EC2's own names.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq, ts_rs::TS)]
pub enum StepKind {
    CreateLoadBalancer,
    CreateTargetGroup,
    /// Blue/green, linear and canary: the second group green's tasks register in.
    CreateAlternateTargetGroup,
    CreateListener,
    /// Their production and test listener rules.
    CreateListenerRules,
    CreateService,
    RegisterScalableTarget,
    PutScalingPolicy,
    /// Step scaling: the alarms that call its policies.
    PutMetricAlarms,
    CreateCluster,
    CreateLaunchTemplate,
    CreateAutoScalingGroup,
    CreateCapacityProvider,
    PutClusterCapacityProviders,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "PlanStep")]
pub struct Step {
    pub kind: StepKind,
    pub title: String,
    /// The same call through the AWS CLI; ARNs from earlier steps are shell variables.
    pub cli: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StepFailure {
    pub index: usize,
    pub kind: StepKind,
    pub code: String,
    pub message: String,
}

/// One removal of a roll back or a teardown, and how it went.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Undone {
    pub what: String,
    pub ok: bool,
    pub message: Option<String>,
}

/// Collects the removals of a roll back in order.
#[derive(Default)]
pub struct Report(pub Vec<Undone>);

impl Report {
    pub fn record(&mut self, what: impl Into<String>, result: Result<()>) {
        self.0.push(Undone { what: what.into(), ok: result.is_ok(), message: result.err().map(|e| e.to_string()) });
    }
}

/// A plan's input: what its steps are, how each runs, and what of it already exists.
pub trait Plan {
    /// What exists because of this plan; the UI hands it back to retry or roll back.
    type Created: Clone + Default;

    fn steps(&self, clients: &Clients) -> Vec<Step>;
    fn has(created: &Self::Created, kind: StepKind) -> bool;
    fn run_step(
        &self,
        clients: &Clients,
        kind: StepKind,
        created: &mut Self::Created,
    ) -> impl std::future::Future<Output = Result<()>> + Send;
    /// Finds, by name and the plan's tag, what a lost answer left unrecorded.
    fn adopt(&self, clients: &Clients, created: Self::Created) -> impl std::future::Future<Output = Result<Self::Created>> + Send;
}

/// How a run ended: what exists, the steps finished (in this run or an earlier one),
/// and the failure that stopped it.
pub struct Run<C> {
    pub created: C,
    pub done: Vec<StepKind>,
    pub failed: Option<StepFailure>,
}

/// Runs `steps` from the first not yet in `created`.
pub async fn run<P: Plan + Sync>(clients: &Clients, plan: &P, steps: &[Step], created: P::Created) -> Result<Run<P::Created>>
where
    P::Created: Send,
{
    let mut created = plan.adopt(clients, created).await?;
    let mut done = vec![];
    for (index, step) in steps.iter().enumerate() {
        if P::has(&created, step.kind) {
            done.push(step.kind);
            continue;
        }
        if let Err(e) = plan.run_step(clients, step.kind, &mut created).await {
            let failed = StepFailure { index, kind: step.kind, code: e.code().to_string(), message: e.to_string() };
            return Ok(Run { created, done, failed: Some(failed) });
        }
        done.push(step.kind);
    }
    Ok(Run { created, done, failed: None })
}

/// `'…'`-quotes a value for a shell when it needs it.
pub fn quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The tag every resource a plan creates carries, valued with the plan's client token, so
/// a resource whose creation was answered but never heard can be told from another's.
pub const PLAN_TAG: &str = "berth:plan";

/// A step's failure when an earlier step's result it needs is missing.
pub fn needs(operation: &'static str, what: &str) -> CoreError {
    CoreError::Client { operation, detail: format!("{what} must exist first") }
}
