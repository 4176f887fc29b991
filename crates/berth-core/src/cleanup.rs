//! The walkthrough's clean-up: everything it made (found by the walkthrough's names and by
//! what those resources point at, so untagged leftovers of the same kinds are found too),
//! removed in the order AWS allows, and a leftover scan that says what remains and what it
//! costs by the hour.

use aws_sdk_ecs::types as ecs;
use serde::{Deserialize, Serialize};

use crate::capacity::{self, TeardownAction};
use crate::error::{CoreError, Result};
use crate::guide::GuideTargets;
use crate::plan::quote;
use crate::prices;
use crate::Clients;

/// One resource the walkthrough left.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Leftover {
    /// In ECS's and ELB's words: Service, Load balancer, Target group, Cluster, …
    pub kind: String,
    pub name: String,
    /// What it costs by the hour while it stays, where it is billed by the hour.
    pub hourly: Option<f64>,
}

/// One removal, handed back by the UI to run it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(tag = "action", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum CleanupAction {
    RemoveScaling {
        cluster: String,
        service: String,
    },
    ScaleServiceToZero {
        cluster: String,
        service: String,
    },
    DeleteService {
        cluster: String,
        service: String,
    },
    WaitForService {
        cluster: String,
        service: String,
    },
    DeleteLoadBalancer {
        arn: String,
    },
    DeleteTargetGroup {
        arn: String,
    },
    /// A step of the cluster's own teardown (capacity, then the cluster).
    Cluster {
        cluster: String,
        step: TeardownAction,
    },
    DeregisterRevision {
        arn: String,
    },
    DeleteRepository {
        name: String,
    },
    DeleteLogGroup {
        name: String,
    },
    /// A role Berth made for the walkthrough's revisions.
    DeleteRole {
        role: String,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CleanupStep {
    pub action: CleanupAction,
    pub title: String,
    pub cli: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CleanupPlan {
    pub leftovers: Vec<Leftover>,
    pub steps: Vec<CleanupStep>,
    /// What the leftovers cost by the hour, when every one has a price.
    pub hourly: Option<f64>,
    /// What the user types to confirm: the walkthrough's cluster name.
    pub confirm: String,
}

/// The tag on what the guide's Do it creates (the UI's GUIDE_TAG).
pub const GUIDE_TAG: &str = "berth:guide";

/// Which of these load balancer and target group ARNs carry the guide's tag (DescribeTags
/// takes 20 at a time).
async fn guide_tagged(clients: &Clients, arns: &[String]) -> Result<Vec<String>> {
    let mut out = vec![];
    for chunk in arns.chunks(20) {
        let tags = clients
            .elb
            .describe_tags()
            .set_resource_arns(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("DescribeTags", e))?;
        for d in tags.tag_descriptions() {
            if d.tags().iter().any(|t| t.key() == Some(GUIDE_TAG)) {
                out.extend(d.resource_arn().map(str::to_string));
            }
        }
    }
    Ok(out)
}

fn absent(e: &CoreError) -> bool {
    matches!(
        e.code(),
        "ClusterNotFoundException"
            | "ServiceNotFoundException"
            | "RepositoryNotFoundException"
            | "LoadBalancerNotFound"
            | "TargetGroupNotFound"
            | "ResourceNotFoundException"
            | "ObjectNotFoundException"
    )
}

/// Scans for what the walkthrough left and orders its removal.
pub async fn plan(clients: &Clients, t: &GuideTargets) -> Result<CleanupPlan> {
    let tail = clients.cli_target();
    let region = clients.region.as_str();
    let (mut leftovers, mut steps) = (vec![], vec![]);
    let mut step = |action: CleanupAction, title: String, cli: String| steps.push(CleanupStep { action, title, cli });
    // The walkthrough's cluster by its name, and any cluster its Do it tagged.
    let clusters: Vec<crate::clusters::Cluster> = crate::clusters::list(&clients.ecs)
        .await?
        .into_iter()
        .filter(|c| c.status == "ACTIVE" && (c.cluster_name == t.cluster || c.tags.iter().any(|g| g.key == GUIDE_TAG)))
        .collect();

    // Services first: their scaling, then down to 0, deleted, and gone.
    let mut target_groups: Vec<String> = vec![];
    for cluster in &clusters {
        let name = &cluster.cluster_name;
        let q = quote(name);
        let mut services = vec![];
        crate::services::list(clients, name, |b| services.extend(b)).await?;
        for s in services.iter().filter(|s| s.status == "ACTIVE" || s.status == "DRAINING") {
            let n = &s.service_name;
            let sq = quote(n);
            let fargate = s.launch_type.as_deref() == Some("FARGATE");
            leftovers.push(Leftover {
                kind: "Service".into(),
                name: format!("{n} ({} running)", s.running_count),
                hourly: if fargate { service_hourly(clients, s).await } else { Some(0.0) },
            });
            if crate::scaling::describe(clients, name, n).await?.is_some() {
                step(
                    CleanupAction::RemoveScaling { cluster: name.clone(), service: n.clone() },
                    format!("Remove {n}'s auto scaling"),
                    format!("aws application-autoscaling deregister-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/{q}/{sq}{tail}"),
                );
            }
            step(
                CleanupAction::ScaleServiceToZero { cluster: name.clone(), service: n.clone() },
                format!("Scale service {n} to 0 tasks"),
                format!("aws ecs update-service --cluster {q} --service {sq} --desired-count 0{tail}"),
            );
            step(
                CleanupAction::DeleteService { cluster: name.clone(), service: n.clone() },
                format!("Delete service {n}"),
                format!("aws ecs delete-service --cluster {q} --service {sq}{tail}"),
            );
            step(
                CleanupAction::WaitForService { cluster: name.clone(), service: n.clone() },
                format!("Wait for {n}'s tasks to stop"),
                format!("aws ecs wait services-inactive --cluster {q} --services {sq}{tail}"),
            );
            target_groups.extend(s.load_balancers.iter().filter_map(|l| l.target_group_arn.clone()));
        }
    }

    // Load balancers: those in front of the services' target groups, and any named after
    // the walkthrough's service (a service deleted by hand leaves its ALB behind).
    let all_tgs = crate::load_balancers::target_groups(clients, None).await?;
    let all_lbs = crate::load_balancers::load_balancers(clients).await?;
    let arns: Vec<String> =
        all_tgs.iter().map(|g| g.target_group_arn.clone()).chain(all_lbs.iter().map(|l| l.load_balancer_arn.clone())).collect();
    let tagged = guide_tagged(clients, &arns).await?;
    for tg in all_tgs.iter().filter(|g| g.target_group_name.starts_with(&t.service) || tagged.contains(&g.target_group_arn)) {
        if !target_groups.contains(&tg.target_group_arn) {
            target_groups.push(tg.target_group_arn.clone());
        }
    }
    let mut lbs: Vec<String> =
        all_tgs.iter().filter(|g| target_groups.contains(&g.target_group_arn)).flat_map(|g| g.load_balancer_arns.clone()).collect();
    for lb in all_lbs.iter().filter(|l| l.load_balancer_name.starts_with(&t.service) || tagged.contains(&l.load_balancer_arn)) {
        lbs.push(lb.load_balancer_arn.clone());
    }
    lbs.sort();
    lbs.dedup();
    for arn in &lbs {
        let name =
            all_lbs.iter().find(|l| &l.load_balancer_arn == arn).map(|l| l.load_balancer_name.clone()).unwrap_or_else(|| arn.clone());
        leftovers.push(Leftover { kind: "Load balancer".into(), name: name.clone(), hourly: prices::alb_hourly(region).map(|(h, _)| h) });
        step(
            CleanupAction::DeleteLoadBalancer { arn: arn.clone() },
            format!("Delete load balancer {name} and its listeners"),
            format!("aws elbv2 delete-load-balancer --load-balancer-arn {arn}{tail}"),
        );
    }
    for arn in &target_groups {
        let name = all_tgs.iter().find(|g| &g.target_group_arn == arn).map(|g| g.target_group_name.clone()).unwrap_or_else(|| arn.clone());
        leftovers.push(Leftover { kind: "Target group".into(), name: name.clone(), hourly: Some(0.0) });
        step(
            CleanupAction::DeleteTargetGroup { arn: arn.clone() },
            format!("Delete target group {name}"),
            format!("aws elbv2 delete-target-group --target-group-arn {arn}{tail}"),
        );
    }

    // Each cluster, through its own teardown (EC2 capacity first).
    for c in &clusters {
        let teardown = capacity::teardown_plan(clients, &c.cluster_name).await?;
        let infra = capacity::infrastructure(clients, &c.cluster_name).await?;
        for p in infra.providers.iter().filter_map(|p| p.group.as_ref()) {
            let price = p.instances.first().and_then(|i| i.instance_type.as_deref()).and_then(|ty| prices::ec2_hourly(region, ty));
            leftovers.push(Leftover {
                kind: "Auto Scaling group".into(),
                name: format!("{} ({} instances)", p.name, p.instances.len()),
                hourly: if p.instances.is_empty() { Some(0.0) } else { price.map(|h| h * p.instances.len() as f64) },
            });
        }
        leftovers.push(Leftover { kind: "Cluster".into(), name: c.cluster_name.clone(), hourly: Some(0.0) });
        // The roles Berth made for the capacity go too: the walkthrough made them.
        for s in teardown.steps {
            if let TeardownAction::DeleteRole { role, .. } = &s.action {
                leftovers.push(Leftover { kind: "IAM role".into(), name: format!("{role} (made by Berth)"), hourly: Some(0.0) });
            }
            step(CleanupAction::Cluster { cluster: c.cluster_name.clone(), step: s.action }, s.title, s.cli);
        }
    }

    // The family's revisions, their log groups, the repository.
    let revisions = match crate::task_definitions::revisions(clients, &t.family).await {
        Ok(r) => r,
        Err(e) if absent(&e) => vec![],
        Err(e) => return Err(e),
    };
    let mut log_groups: Vec<String> = vec![];
    let mut roles: Vec<String> = vec![];
    for r in revisions.iter().filter(|r| r.status == "ACTIVE") {
        let short = crate::services::short_task_definition(&r.task_definition_arn);
        if let Ok(d) = crate::task_definitions::describe(clients, &r.task_definition_arn).await {
            log_groups.extend(crate::task_definitions::log_groups(&d.task_definition));
            for key in ["executionRoleArn", "taskRoleArn"] {
                if let Some(name) = d.task_definition[key].as_str().and_then(|a| a.rsplit('/').next()) {
                    if !roles.iter().any(|r| r == name) {
                        roles.push(name.to_string());
                    }
                }
            }
        }
        leftovers.push(Leftover { kind: "Task definition revision".into(), name: short.clone(), hourly: Some(0.0) });
        step(
            CleanupAction::DeregisterRevision { arn: r.task_definition_arn.clone() },
            format!("Deregister {short}"),
            format!("aws ecs deregister-task-definition --task-definition {short}{tail}"),
        );
    }
    // The wizard's default group, whether or not a revision still names it; each is
    // checked below for being there.
    log_groups.push(format!("/ecs/{}", t.family));
    log_groups.sort();
    log_groups.dedup();
    for g in log_groups {
        let found = clients
            .logs
            .describe_log_groups()
            .log_group_name_prefix(&g)
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("DescribeLogGroups", e))?;
        if found.log_groups().iter().any(|x| x.log_group_name() == Some(g.as_str())) {
            leftovers.push(Leftover { kind: "Log group".into(), name: g.clone(), hourly: Some(0.0) });
            step(
                CleanupAction::DeleteLogGroup { name: g.clone() },
                format!("Delete log group {g}"),
                format!("aws logs delete-log-group --log-group-name {}{tail}", quote(&g)),
            );
        }
    }
    // Roles the revisions use that Berth made (tagged berth:created); others are the user's.
    for role in roles {
        let Ok(tags) = clients.iam.list_role_tags().role_name(&role).send().await else { continue };
        if tags.tags().iter().any(|t| t.key() == "berth:created" && t.value() == "true") {
            leftovers.push(Leftover { kind: "IAM role".into(), name: format!("{role} (made by Berth)"), hourly: Some(0.0) });
            step(
                CleanupAction::DeleteRole { role: role.clone() },
                format!("Delete role {role}, which Berth made"),
                format!("aws iam detach-role-policy --role-name {} --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy{tail} && aws iam delete-role --role-name {}{tail}", quote(&role), quote(&role)),
            );
        }
    }
    match crate::registry::describe(clients, &t.repository).await {
        Ok(r) => {
            let bytes: i64 = crate::registry::images(clients, &r.repository_name).await?.iter().filter_map(|i| i.size_bytes).sum();
            let gb = bytes.max(0) as f64 / f64::from(1u32 << 30);
            leftovers.push(Leftover {
                kind: "ECR repository".into(),
                name: r.repository_name.clone(),
                hourly: Some(gb * prices::ECR_STORAGE_GB_MONTH / prices::HOURS_PER_MONTH),
            });
            step(
                CleanupAction::DeleteRepository { name: r.repository_name.clone() },
                format!("Delete repository {} and its images", r.repository_name),
                format!("aws ecr delete-repository --repository-name {} --force{tail}", quote(&r.repository_name)),
            );
        }
        Err(e) if absent(&e) => {}
        Err(e) => return Err(e),
    }
    let hourly = leftovers.iter().map(|l| l.hourly).sum::<Option<f64>>();
    Ok(CleanupPlan { leftovers, steps, hourly, confirm: t.cluster.clone() })
}

async fn service_hourly(clients: &Clients, s: &crate::services::Service) -> Option<f64> {
    let td = crate::task_definitions::describe(clients, &s.task_definition_arn).await.ok()?.task_definition;
    crate::costs::fargate_lines(clients.region.as_str(), &td, f64::from(s.running_count)).iter().map(|l| l.hourly).sum()
}

/// How long a service may take to drain before the clean-up gives up on it.
const WAIT_FOR_SERVICE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Runs one step; what the user typed (the walkthrough's cluster name) is checked again here.
pub async fn run_step(clients: &Clients, action: &CleanupAction, expected: &str, confirm: &str) -> Result<()> {
    crate::confirmation::require(expected, confirm)?;
    let gone = |r: Result<()>| match r {
        Err(e) if absent(&e) => Ok(()),
        other => other,
    };
    match action {
        CleanupAction::RemoveScaling { cluster, service } => gone(crate::scaling::deregister_target(clients, cluster, service).await),
        CleanupAction::ScaleServiceToZero { cluster, service } => gone(
            clients
                .ecs
                .update_service()
                .cluster(cluster)
                .service(service)
                .desired_count(0)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| CoreError::from_sdk("UpdateService", e)),
        ),
        CleanupAction::DeleteService { cluster, service } => {
            gone(crate::services::delete(clients, cluster, service, true).await.map(|_| ()))
        }
        CleanupAction::WaitForService { cluster, service } => {
            let started = std::time::Instant::now();
            loop {
                let left = clients
                    .ecs
                    .list_tasks()
                    .cluster(cluster)
                    .service_name(service)
                    .desired_status(ecs::DesiredStatus::Running)
                    .send()
                    .await
                    .map(|o| o.task_arns().len());
                let stopping = clients
                    .ecs
                    .list_tasks()
                    .cluster(cluster)
                    .service_name(service)
                    .desired_status(ecs::DesiredStatus::Stopped)
                    .send()
                    .await;
                let still = match (left, stopping) {
                    (Ok(n), Ok(s)) => {
                        let arns: Vec<String> = s.task_arns().to_vec();
                        let mut not_stopped = 0;
                        if !arns.is_empty() {
                            let d = clients
                                .ecs
                                .describe_tasks()
                                .cluster(cluster)
                                .set_tasks(Some(arns))
                                .send()
                                .await
                                .map_err(|e| CoreError::from_sdk("DescribeTasks", e))?;
                            not_stopped = d.tasks().iter().filter(|t| t.last_status() != Some("STOPPED")).count();
                        }
                        n + not_stopped
                    }
                    (Err(e), _) | (_, Err(e)) => match CoreError::from_sdk("ListTasks", e) {
                        e if absent(&e) => 0,
                        e => return Err(e),
                    },
                };
                if still == 0 {
                    return Ok(());
                }
                if started.elapsed() > WAIT_FOR_SERVICE {
                    return Err(CoreError::Client {
                        operation: "ListTasks",
                        detail: format!("{still} task(s) of {service} have not stopped after 10 minutes"),
                    });
                }
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            }
        }
        CleanupAction::DeleteLoadBalancer { arn } => gone(crate::load_balancers::delete_load_balancer(clients, arn).await),
        CleanupAction::DeleteTargetGroup { arn } => {
            // ELB lets a target group go only once no listener uses it, which trails the
            // load balancer's deletion by a moment.
            let mut tries = 0;
            loop {
                match crate::load_balancers::delete_target_group(clients, arn).await {
                    Ok(()) => return Ok(()),
                    Err(e) => match e {
                        e if absent(&e) => return Ok(()),
                        e if e.code() == "ResourceInUse" && tries < 30 => {
                            tries += 1;
                            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                        }
                        e => return Err(e),
                    },
                }
            }
        }
        CleanupAction::Cluster { cluster, step } => gone(capacity::teardown_step(clients, cluster, step, cluster).await),
        CleanupAction::DeregisterRevision { arn } => gone(crate::task_definitions::deregister(clients, arn).await.map(|_| ())),
        CleanupAction::DeleteRepository { name } => gone(crate::registry::delete(clients, name, true).await),
        CleanupAction::DeleteRole { role } => gone(crate::iam::delete_role(clients, role, None).await),
        CleanupAction::DeleteLogGroup { name } => gone(
            clients
                .logs
                .delete_log_group()
                .log_group_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| CoreError::from_sdk("DeleteLogGroup", e)),
        ),
    }
}
