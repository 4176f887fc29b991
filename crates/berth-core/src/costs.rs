//! What things cost by the hour, from the public price table in `prices`: before a task
//! runs or capacity is added (the wizards' reviews), and what the active environment has
//! running now (the header's meter).

use serde::Serialize;

use crate::capacity::NewCapacity;
use crate::error::Result;
use crate::prices::{self, CostLine, Estimate};
use crate::tasks::NewTasks;
use crate::Clients;

/// The Fargate lines for `tasks` copies of a revision (`td` as DescribeTaskDefinition answers).
pub fn fargate_lines(region: &str, td: &serde_json::Value, tasks: f64) -> Vec<CostLine> {
    let vcpu = td["cpu"].as_str().and_then(|c| c.parse::<f64>().ok()).unwrap_or(256.0) / 1024.0;
    let gb = td["memory"].as_str().and_then(|m| m.parse::<f64>().ok()).unwrap_or(512.0) / 1024.0;
    fargate_lines_for(region, td["runtimePlatform"]["cpuArchitecture"].as_str().unwrap_or("X86_64"), vcpu, gb, tasks)
}

fn fargate_lines_for(region: &str, arch: &str, vcpu: f64, gb: f64, tasks: f64) -> Vec<CostLine> {
    let rates = prices::fargate_hourly(region, arch);
    vec![
        CostLine {
            item: format!("Fargate vCPU ({arch})"),
            detail: format!("{tasks} tasks × {vcpu} vCPU × {}", rates.map_or("unknown".into(), |r| format!("${} per vCPU-hour", r.0))),
            hourly: rates.map(|r| tasks * vcpu * r.0),
        },
        CostLine {
            item: "Fargate memory".into(),
            detail: format!("{tasks} tasks × {gb} GB × {}", rates.map_or("unknown".into(), |r| format!("${} per GB-hour", r.1))),
            hourly: rates.map(|r| tasks * gb * r.1),
        },
    ]
}

/// The revision an estimate prices; one ECS cannot describe is the user's `taskDefinition`
/// field that is wrong, named as such.
pub async fn priced_revision(clients: &Clients, task_definition: &str) -> Result<serde_json::Value> {
    match crate::task_definitions::describe(clients, task_definition).await {
        Ok(d) => Ok(d.task_definition),
        Err(crate::CoreError::Aws { message, .. }) => {
            Err(crate::CoreError::Invalid(crate::validation::FieldError::new("taskDefinition", message)))
        }
        Err(other) => Err(other),
    }
}

fn logs_note() -> String {
    format!(
        "CloudWatch Logs are billed by use: ${} per GB ingested and ${} per GB-month stored, not included.",
        prices::LOGS_INGESTED_GB,
        prices::LOGS_STORED_GB_MONTH
    )
}

/// Run task's review: the tasks' Fargate hours (EC2 tasks run on instances already paid
/// for) and their public addresses.
pub async fn run_task_estimate(clients: &Clients, input: &NewTasks) -> Result<Estimate> {
    let region = clients.region.as_str();
    let td = priced_revision(clients, &input.task_definition).await?;
    let n = f64::from(input.count.max(1));
    let fargate = match (&input.launch_type, &input.capacity_provider) {
        (Some(l), _) => l == "FARGATE",
        (None, Some(p)) => p.starts_with("FARGATE"),
        (None, None) => td["requiresCompatibilities"].as_array().is_some_and(|a| a.iter().any(|c| c == "FARGATE")),
    };
    let (mut lines, mut notes) = (vec![], vec![]);
    if fargate {
        lines.extend(fargate_lines(region, &td, n));
    } else {
        notes.push(
            "Tasks on EC2 run on the cluster's container instances, which are billed by the instance hour whether tasks run or not.".into(),
        );
    }
    if input.network.as_ref().is_some_and(|n| n.assign_public_ip) {
        let ip = prices::public_ipv4_hourly();
        lines.push(CostLine {
            item: "Public IPv4 addresses (tasks)".into(),
            detail: format!("{n} × ${ip} per hour"),
            hourly: Some(n * ip),
        });
    }
    notes.push("A one-off task is billed only while it runs; the figure is per hour of running.".into());
    notes.push(logs_note());
    Ok(Estimate::new(region, lines, notes))
}

/// The capacity wizard's review: the group's instances at their desired count (managed
/// scaling may run more, up to the maximum).
pub fn capacity_estimate(region: &str, input: &NewCapacity) -> Estimate {
    let n = f64::from(input.desired_capacity.max(0));
    let price = prices::ec2_hourly(region, &input.instance_type);
    let lines = vec![CostLine {
        item: format!("EC2 instances ({})", input.instance_type),
        detail: format!("{n} × {}", price.map_or("unknown".into(), |p| format!("${p} per hour"))),
        hourly: price.map(|p| n * p),
    }];
    let mut notes = vec![];
    if input.max_size > input.desired_capacity {
        if let Some(p) = price {
            notes.push(format!(
                "Managed scaling may run up to {} instances: up to ${:.4} per hour.",
                input.max_size,
                f64::from(input.max_size) * p
            ));
        }
    }
    notes.push("Each instance's EBS root volume (30 GiB gp3 on the ECS-optimized AMI) is billed by the GB-month, not included.".into());
    Estimate::new(region, lines, notes)
}

/// What the active environment has running now.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RunningCost {
    pub estimate: Estimate,
    /// True on the sandbox: nothing is billed, and the estimate is what AWS would charge.
    pub free: bool,
    pub why_free: Option<String>,
}

/// Sums what runs now: Fargate tasks by their size, EC2 instances by their type, load
/// balancers by the hour, and ECR storage.
pub async fn running(clients: &Clients, sandbox: bool) -> Result<RunningCost> {
    let region = clients.region.as_str();
    let mut lines = vec![];
    let (mut vcpu, mut gb, mut fargate_tasks) = (0.0, 0.0, 0.0);
    for c in crate::clusters::list(&clients.ecs).await? {
        let mut running = vec![];
        crate::tasks::list(clients, &c.cluster_name, &Default::default(), |batch| running.extend(batch)).await?;
        for t in running.iter().filter(|t| t.launch_type.as_deref() == Some("FARGATE")) {
            fargate_tasks += 1.0;
            vcpu += t.cpu.as_deref().and_then(|c| c.parse::<f64>().ok()).unwrap_or(256.0) / 1024.0;
            gb += t.memory.as_deref().and_then(|m| m.parse::<f64>().ok()).unwrap_or(512.0) / 1024.0;
        }
    }
    if fargate_tasks > 0.0 {
        let rates = prices::fargate_hourly(region, "X86_64");
        lines.push(CostLine {
            item: format!("{fargate_tasks} Fargate tasks"),
            detail: format!("{vcpu} vCPU and {gb} GB in all"),
            hourly: rates.map(|r| vcpu * r.0 + gb * r.1),
        });
    }
    let instances = clients
        .ec2
        .describe_instances()
        .filters(aws_sdk_ec2::types::Filter::builder().name("instance-state-name").values("running").values("pending").build())
        .send()
        .await
        .map_err(|e| crate::CoreError::from_sdk("DescribeInstances", e))?;
    let mut by_type: std::collections::BTreeMap<String, f64> = Default::default();
    for i in instances.reservations().iter().flat_map(|r| r.instances()) {
        *by_type.entry(i.instance_type().map(|t| t.as_str().to_string()).unwrap_or_default()).or_default() += 1.0;
    }
    for (t, n) in by_type {
        let p = prices::ec2_hourly(region, &t);
        lines.push(CostLine {
            item: format!("{n} EC2 {t}"),
            detail: p.map_or("unknown".into(), |p| format!("{n} × ${p} per hour")),
            hourly: p.map(|p| n * p),
        });
    }
    let albs = crate::load_balancers::load_balancers(clients).await?;
    if !albs.is_empty() {
        let n = albs.len() as f64;
        let alb = prices::alb_hourly(region);
        lines.push(CostLine {
            item: format!("{n} load balancers"),
            detail: alb.map_or("unknown".into(), |(h, _)| format!("{n} × ${h} per hour, before LCUs")),
            hourly: alb.map(|(h, _)| n * h),
        });
    }
    let mut bytes = 0u64;
    for r in crate::registry::list(clients).await? {
        for i in crate::registry::images(clients, &r.repository_name).await? {
            bytes += i.size_bytes.unwrap_or(0).max(0) as u64;
        }
    }
    if bytes > 0 {
        let gib = bytes as f64 / (1u64 << 30) as f64;
        lines.push(CostLine {
            item: "ECR storage".into(),
            detail: format!("{gib:.2} GB × ${} per GB-month", prices::ECR_STORAGE_GB_MONTH),
            hourly: Some(gib * prices::ECR_STORAGE_GB_MONTH / prices::HOURS_PER_MONTH),
        });
    }
    let notes = vec![
        "Load balancer traffic (LCUs), data transfer and CloudWatch Logs are billed by use and not included.".to_string(),
        "Public IPv4 addresses are $0.005 per hour each, not counted here.".to_string(),
    ];
    Ok(RunningCost {
        estimate: Estimate::new(region, lines, notes),
        free: sandbox,
        why_free: sandbox
            .then(|| "The sandbox runs on this computer and bills nothing: the figure is what the same would cost on AWS.".to_string()),
    })
}

#[cfg(test)]
mod tests {
    use crate::capacity::NewCapacity;

    fn capacity(instance_type: &str) -> NewCapacity {
        serde_json::from_value(serde_json::json!({
            "cluster": "learn", "name": "learn-asg", "instanceType": instance_type, "minSize": 0, "desiredCapacity": 2, "maxSize": 4,
            "subnets": [], "securityGroups": [], "instanceProfileArn": "", "targetCapacity": 100, "managedTerminationProtection": false, "clientToken": "t"
        }))
        .unwrap()
    }

    #[test]
    fn capacity_costs_its_instances_at_the_desired_count_or_says_it_cannot() {
        let e = super::capacity_estimate("us-east-1", &capacity("t3.micro"));
        assert!((e.hourly.unwrap() - 2.0 * 0.0104).abs() < 1e-12, "{e:?}");
        assert!(e.notes.iter().any(|n| n.contains("up to 4 instances")), "{:?}", e.notes);
        let unknown = super::capacity_estimate("ap-southeast-7", &capacity("t3.micro"));
        assert_eq!(unknown.hourly, None);
        let odd = super::capacity_estimate("us-east-1", &capacity("x9.huge"));
        assert_eq!(odd.lines[0].detail, "2 × unknown");
    }
}
