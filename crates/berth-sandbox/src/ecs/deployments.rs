//! Service deployments and service revisions: the records ECS keeps of every rollout
//! (what ran before, what is being deployed, how far it got, what stopped it) with ECS's
//! ARNs, statuses and 90-day retention; List/DescribeServiceDeployments,
//! DescribeServiceRevisions and StopServiceDeployment's rollback. The scheduler moves the
//! tasks; this module follows its legacy `deployments[]` and keeps the records in step.

use serde_json::{json, Value};

use super::{invalid, max_results, tail, Ecs};
use crate::cloudwatch::CloudWatch;
use crate::error::AwsError;
use crate::util::{self, Input};

/// ECS keeps service deployments for 90 days (developer guide, service-deployment).
const RETENTION: f64 = 90.0 * 86_400.0;
const FINAL: [&str; 4] = ["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"];

fn not_found() -> AwsError {
    AwsError::client("ServiceDeploymentNotFoundException", "The service deployment does not exist.")
}

fn conflict(message: String) -> AwsError {
    AwsError::client("ConflictException", message)
}

/// The id ECS gives a service deployment: 21 characters of the URL-safe alphabet
/// (`NCWGC2ZR-taawPAYrIaU5` in the API reference).
fn deployment_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(21);
    let mut bits = util::random_u64();
    for i in 0..21 {
        if i == 10 {
            bits = util::random_u64();
        }
        out.push(ALPHABET[(bits & 63) as usize] as char);
        bits >>= 6;
    }
    out
}

/// A service revision's id: 19 decimal digits.
fn revision_id() -> String {
    format!("{}", 1_000_000_000_000_000_000 + util::random_u64() % 8_000_000_000_000_000_000)
}

/// `cluster/service/id` from a service-deployment or service-revision ARN.
fn path_of<'a>(arn: &'a str, kind: &str) -> Option<&'a str> {
    let (_, path) = arn.split_once(&format!(":{kind}/"))?;
    (path.split('/').count() == 3).then_some(path)
}

fn summary(arn: &str, requested: i64, running: i64, pending: i64) -> Value {
    json!({"arn": arn, "requestedTaskCount": requested, "runningTaskCount": running, "pendingTaskCount": pending})
}

/// Drops the bookkeeping fields (`_…`) the sandbox keeps on a record.
fn public(record: &Value) -> Value {
    let mut v = record.clone();
    if let Some(o) = v.as_object_mut() {
        o.retain(|k, _| !k.starts_with('_'));
    }
    super::traffic_shift::public_hook_details(&mut v);
    v
}

/// `(requested, running, pending)` of a legacy deployment.
fn counts(d: &Value) -> (i64, i64, i64) {
    let n = |k: &str| d[k].as_i64().unwrap_or(0);
    (n("desiredCount"), n("runningCount"), n("pendingCount"))
}

impl Ecs {
    /// The revision a service's new legacy deployment runs, recorded as ECS would, and the
    /// service deployment that rolls it out. Any unfinished deployment it replaces stops.
    pub(super) fn start_service_deployment(&mut self, key: &str, service: &Value, legacy_id: &str, t: f64, cloudwatch: &CloudWatch) {
        let revision_arn = self.record_revision(key, service, t);
        let service_arn = service["serviceArn"].as_str().unwrap_or_default();
        let sim = self.service_sim.entry_or_default(key.to_string());
        let sources: Vec<Value> = service["deployments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["id"] != legacy_id)
            .filter_map(|d| {
                let (requested, running, pending) = counts(d);
                sim.revision_of.get(d["id"].as_str()?).map(|arn| summary(arn, requested, running, pending))
            })
            .collect();
        let live: Vec<&str> = service["deployments"].as_array().into_iter().flatten().filter_map(|d| d["id"].as_str()).collect();
        sim.revision_of.retain(|id, _| live.contains(&id.as_str()));
        sim.revision_of.insert(legacy_id.to_string(), revision_arn.clone());
        let replaced = sim.current.take();
        sim.steady_since = None;
        sim.alarm_failure = None;
        sim.failure = None;
        self.next_service_deployment += 1;
        let id = deployment_id();
        let config = &service["deploymentConfiguration"];
        let breaker = config["deploymentCircuitBreaker"]["enable"].as_bool().unwrap_or(false);
        let desired = service["desiredCount"].as_i64().unwrap_or(0);
        let mut record = json!({
            "serviceDeploymentArn": format!("{}/{id}", service_arn.replace(":service/", ":service-deployment/")),
            "serviceArn": service_arn,
            "clusterArn": service["clusterArn"],
            "createdAt": t,
            "startedAt": t,
            "updatedAt": t,
            "sourceServiceRevisions": sources,
            "targetServiceRevision": summary(&revision_arn, desired, 0, 0),
            "status": "IN_PROGRESS",
            "deploymentConfiguration": config,
            "deploymentCircuitBreaker": {
                "status": if breaker { "MONITORING" } else { "DISABLED" },
                "failureCount": 0,
                "threshold": if breaker { ((desired as f64 / 2.0).ceil() as i64).clamp(3, 200) } else { 0 },
            },
            "alarms": {"status": "DISABLED"},
            "_target": legacy_id,
        });
        let alarms = &config["alarms"];
        if alarms["enable"] == true {
            let names: Vec<&str> = alarms["alarmNames"].as_array().into_iter().flatten().filter_map(|n| n.as_str()).collect();
            record["alarms"] = json!({"status": "MONITORING", "alarmNames": names, "triggeredAlarmNames": []});
            // An alarm already in ALARM as the deployment starts makes ECS ignore the
            // deployment's alarms (developer guide, deployment-alarm-failure).
            if names.iter().any(|n| cloudwatch.alarm_state(n) == Some("ALARM")) {
                record["_alarmsIgnored"] = json!(true);
            }
        }
        // Keys sort newest first, so a service's range is its history in ListServiceDeployments' order.
        let table_key = format!("{key}/{:016x}", u64::MAX - self.next_service_deployment);
        self.service_deployments.insert(table_key.clone(), record);
        self.service_sim.entry_or_default(key.to_string()).current = Some(table_key.clone());
        self.begin_shift(key, service, &table_key, legacy_id);
        if let Some(old) = replaced.and_then(|k| self.service_deployments.get_mut(&k)) {
            if !FINAL.contains(&old["status"].as_str().unwrap_or_default()) {
                old["status"] = json!("STOPPED");
                old["statusReason"] = json!(format!("Service deployment stopped: a newer service deployment ({id}) started."));
                old["stoppedAt"] = json!(t);
                old["finishedAt"] = json!(t);
                old["updatedAt"] = json!(t);
            }
        }
        self.forget_old_deployments(key, t);
    }

    fn record_revision(&mut self, key: &str, service: &Value, t: f64) -> String {
        let service_arn = service["serviceArn"].as_str().unwrap_or_default();
        let id = revision_id();
        let arn = format!("{}/{id}", service_arn.replace(":service/", ":service-revision/"));
        let td = service["taskDefinition"].as_str().and_then(|a| self.find_task_definition(a));
        let images: Vec<Value> = td
            .and_then(|td| td["containerDefinitions"].as_array())
            .into_iter()
            .flatten()
            .map(|c| json!({"containerName": c["name"], "image": c["image"]}))
            .collect();
        let mut revision = json!({
            "serviceRevisionArn": arn,
            "serviceArn": service_arn,
            "clusterArn": service["clusterArn"],
            "taskDefinition": service["taskDefinition"],
            "loadBalancers": service["loadBalancers"],
            "serviceRegistries": service["serviceRegistries"],
            "containerImages": images,
            "guardDutyEnabled": false,
            "createdAt": t,
        });
        for field in ["capacityProviderStrategy", "networkConfiguration", "platformVersion", "platformFamily"] {
            if !service[field].is_null() {
                revision[field] = service[field].clone();
            }
        }
        if service["capacityProviderStrategy"].as_array().is_none_or(|a| a.is_empty()) {
            revision["launchType"] = service["launchType"].clone();
        }
        self.service_revisions.insert(format!("{key}/{id}"), revision);
        arn
    }

    /// Deployments that finished more than 90 days ago leave, with revisions no longer named.
    fn forget_old_deployments(&mut self, key: &str, t: f64) {
        let prefix = format!("{key}/");
        let old: Vec<String> = self
            .service_deployments
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(_, d)| d["finishedAt"].as_f64().is_some_and(|f| t - f > RETENTION))
            .map(|(k, _)| k.clone())
            .collect();
        for k in old {
            self.service_deployments.remove(&k);
        }
    }

    /// A deleted service's deployments and revisions go with it, as in ECS.
    pub(super) fn forget_service_deployments(&mut self, key: &str) {
        let prefix = format!("{key}/");
        self.service_deployments.retain(|k, _| !k.starts_with(&prefix));
        self.service_revisions.retain(|k, _| !k.starts_with(&prefix));
    }

    /// Brings the service's current deployment record in step with the scheduler's legacy
    /// deployments after one second of scheduling.
    /// True when the record moved.
    pub(super) fn follow_service_deployment(&mut self, key: &str, deployments: &[Value], t: f64) -> bool {
        let Some(sim) = self.service_sim.get(key) else { return false };
        let Some(record_key) = sim.current.clone() else { return false };
        let Some(record) = self.service_deployments.get(&record_key) else { return false };
        let status = record["status"].as_str().unwrap_or_default().to_string();
        if FINAL.contains(&status.as_str()) {
            return false;
        }
        let revision_of = sim.revision_of.clone();
        let mut next = record.clone();
        let target = record["_target"].as_str().unwrap_or_default().to_string();
        let rollback_to = record["_rollback"].as_str().map(String::from);
        let find = |id: &str| deployments.iter().find(|d| d["id"] == id);
        let target_arn = next["targetServiceRevision"]["arn"].as_str().unwrap_or_default().to_string();
        let (requested, running, pending) = find(&target).map(counts).unwrap_or((0, 0, 0));
        // The traffic weights a shift sets stay; the counts are the scheduler's.
        let keep_weights = |mut fresh: Value, old: &Value| {
            for k in ["requestedProductionTrafficWeight", "requestedTestTrafficWeight"] {
                if !old[k].is_null() {
                    fresh[k] = old[k].clone();
                }
            }
            fresh
        };
        next["targetServiceRevision"] = keep_weights(summary(&target_arn, requested, running, pending), &record["targetServiceRevision"]);
        let sources: Vec<Value> = next["sourceServiceRevisions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let arn = s["arn"].as_str().unwrap_or_default();
                let (mut r, mut run, mut p) = (0, 0, 0);
                for d in deployments.iter().filter(|d| d["id"] != target.as_str()) {
                    if d["id"].as_str().and_then(|id| revision_of.get(id)).is_some_and(|a| a == arn) {
                        let (a, b, c) = counts(d);
                        (r, run, p) = (r + a, run + b, p + c);
                    }
                }
                keep_weights(summary(arn, r, run, p), s)
            })
            .collect();
        next["sourceServiceRevisions"] = json!(sources);
        if let Some(d) = find(&target) {
            next["deploymentCircuitBreaker"]["failureCount"] = d["failedTasks"].clone();
        }
        let breaker_on = next["deploymentCircuitBreaker"]["status"] != "DISABLED";
        let state_of = |id: &str| find(id).map(|d| d["rolloutState"].as_str().unwrap_or_default().to_string());
        let finish = |next: &mut Value, status: &str| {
            next["status"] = json!(status);
            next["finishedAt"] = json!(t);
        };
        match (status.as_str(), rollback_to) {
            ("ROLLBACK_REQUESTED", Some(_)) => next["status"] = json!("ROLLBACK_IN_PROGRESS"),
            ("ROLLBACK_IN_PROGRESS", Some(back)) => match state_of(&back).as_deref() {
                // Done when what was rolled back has no tasks left.
                Some("COMPLETED") if deployments.len() == 1 => finish(&mut next, "ROLLBACK_SUCCESSFUL"),
                Some("COMPLETED") => {}
                Some("FAILED") => {
                    finish(&mut next, "ROLLBACK_FAILED");
                    next["statusReason"] = find(&back).map(|d| d["rolloutStateReason"].clone()).unwrap_or_default();
                }
                // A newer deployment replaced the rollback; start_service_deployment stops this one.
                _ => {}
            },
            // A failed target drained in the very second it failed is gone from the list.
            ("IN_PROGRESS" | "PENDING", _) | ("ROLLBACK_REQUESTED", None) => match state_of(&target)
                .or_else(|| (deployments.first().is_some_and(|d| d["id"] != target.as_str())).then(|| "FAILED".to_string()))
                .as_deref()
            {
                Some("COMPLETED") => {
                    finish(&mut next, "SUCCESSFUL");
                    if breaker_on {
                        next["deploymentCircuitBreaker"]["status"] = json!("MONITORING_COMPLETE");
                    }
                    if next["alarms"]["status"] == "MONITORING" {
                        next["alarms"]["status"] = json!("MONITORING_COMPLETE");
                    }
                    self.service_sim.entry_or_default(key.to_string()).last_good_revision = Some(target_arn.clone());
                }
                Some("FAILED") => {
                    let failure = self.service_sim.get(key).and_then(|s| s.failure.clone());
                    let reason = find(&target)
                        .map(|d| d["rolloutStateReason"].clone())
                        .or_else(|| failure.as_ref().map(|(_, r)| json!(r)))
                        .unwrap_or_default();
                    match (self.service_sim.get(key).and_then(|s| s.alarm_failure.clone()), failure.as_ref().map(|(k, _)| k.as_str())) {
                        (Some(fired), _) => {
                            next["alarms"]["status"] = json!("TRIGGERED");
                            next["alarms"]["triggeredAlarmNames"] = json!(fired);
                        }
                        (None, Some("breaker")) => next["deploymentCircuitBreaker"]["status"] = json!("TRIGGERED"),
                        // A lifecycle hook or a stop request: its own record says so.
                        _ => {}
                    }
                    let primary = deployments.first().and_then(|d| d["id"].as_str()).unwrap_or_default();
                    if primary != target {
                        // The circuit breaker started a rollback deployment.
                        next["status"] = json!("ROLLBACK_IN_PROGRESS");
                        next["_rollback"] = json!(primary);
                        // A rollback asked for by hand keeps its own reason.
                        if next["rollback"].is_null() {
                            next["rollback"] = json!({
                                "reason": reason,
                                "startedAt": t,
                                "serviceRevisionArn": revision_of.get(primary).cloned().unwrap_or_default(),
                            });
                        }
                    } else {
                        finish(&mut next, "STOPPED");
                        next["stoppedAt"] = json!(t);
                        next["statusReason"] = reason;
                    }
                }
                _ => {}
            },
            _ => {}
        }
        if next == *record {
            return false;
        }
        {
            next["updatedAt"] = json!(t);
            if next["status"] == "ROLLBACK_SUCCESSFUL" {
                if let Some(back) = next["rollback"]["serviceRevisionArn"].as_str() {
                    self.service_sim.entry_or_default(key.to_string()).last_good_revision = Some(back.to_string());
                }
            }
            self.service_deployments.insert(record_key, next);
        }
        true
    }

    /// The alarms ECS watches for the service's rollout of legacy deployment `primary`:
    /// (names, roll back on alarm, how long to watch after the tasks are healthy). None when
    /// the deployment has no alarms, or ignores them (one was in ALARM as it started).
    pub(super) fn alarm_watch(&self, key: &str, primary: &str, cloudwatch: &CloudWatch) -> Option<(Vec<String>, bool, f64)> {
        let record = self.service_sim.get(key)?.current.as_ref().and_then(|k| self.service_deployments.get(k))?;
        if record["_target"] != primary || record["alarms"]["status"] != "MONITORING" || record["_alarmsIgnored"] == true {
            return None;
        }
        let config = &self.services.get(key)?["deploymentConfiguration"]["alarms"];
        let names: Vec<String> = config["alarmNames"].as_array()?.iter().filter_map(|n| n.as_str().map(String::from)).collect();
        // The bake after the tasks are healthy: long enough for each alarm to judge its
        // evaluation range once, at most 5 minutes (unconfirmed: ECS derives it from the alarms).
        let bake = names.iter().filter_map(|n| cloudwatch.alarm_span(n)).fold(0.0, f64::max).min(300.0);
        Some((names, config["rollback"] == true, bake))
    }

    /// The revision a rollback returns to: the last one that completed, when it ran
    /// before this deployment, else the first revision it was replacing.
    fn rollback_revision(&self, key: &str, record: &Value) -> Option<String> {
        let sources: Vec<&str> =
            record["sourceServiceRevisions"].as_array().into_iter().flatten().filter_map(|s| s["arn"].as_str()).collect();
        let last_good = self.service_sim.get(key).and_then(|s| s.last_good_revision.clone());
        last_good.filter(|g| sources.contains(&g.as_str())).or_else(|| sources.first().map(|s| s.to_string()))
    }

    pub(super) fn record_by_arn(&self, arn: &str) -> Option<(String, &Value)> {
        let path = path_of(arn, "service-deployment")?;
        let (service_key, id) = path.rsplit_once('/')?;
        let prefix = format!("{service_key}/");
        self.service_deployments
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .find(|(_, d)| d["serviceDeploymentArn"].as_str().is_some_and(|a| a.ends_with(&format!("/{id}"))))
            .map(|(k, d)| (k.clone(), d))
    }

    pub(super) fn list_service_deployments(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let key = format!("{cluster}/{}", tail(input.req_str("service")?));
        if !self.services.get(&key).is_some_and(|s| s["status"] != "INACTIVE") {
            return Err(AwsError::client("ServiceNotFoundException", "Service not found."));
        }
        let max = max_results(&input, 20)?;
        let statuses = input.str_list("status")?;
        let created = input.at("createdAt");
        let (before, after) = (created.time("before")?, created.time("after")?);
        let prefix = format!("{key}/");
        let now = util::now();
        let matching = self.service_deployments.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix)).filter(|(_, d)| {
            let at = d["createdAt"].as_f64().unwrap_or(0.0);
            (statuses.is_empty() || statuses.iter().any(|s| d["status"] == *s))
                && before.is_none_or(|b| at < b)
                && after.is_none_or(|a| at > a)
                && d["finishedAt"].as_f64().is_none_or(|f| now - f <= RETENTION)
        });
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("nextToken")?, max, invalid)?;
        let briefs: Vec<Value> = page
            .into_iter()
            .map(|(_, d)| {
                let mut b = json!({
                    "serviceDeploymentArn": d["serviceDeploymentArn"],
                    "serviceArn": d["serviceArn"],
                    "clusterArn": d["clusterArn"],
                    "createdAt": d["createdAt"],
                    "startedAt": d["startedAt"],
                    "targetServiceRevisionArn": d["targetServiceRevision"]["arn"],
                    "status": d["status"],
                });
                for f in ["finishedAt", "statusReason"] {
                    if !d[f].is_null() {
                        b[f] = d[f].clone();
                    }
                }
                b
            })
            .collect();
        Ok(json!({"serviceDeployments": briefs, "nextToken": next}))
    }

    pub(super) fn describe_service_deployments(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let arns = input.str_list("serviceDeploymentArns")?;
        check_arn_count(arns.len(), "serviceDeploymentArns")?;
        let (mut found, mut failures) = (vec![], vec![]);
        for arn in arns {
            match self.record_by_arn(arn) {
                Some((_, d)) => found.push(public(d)),
                None => failures.push(json!({"arn": arn, "reason": "MISSING"})),
            }
        }
        Ok(json!({"serviceDeployments": found, "failures": failures}))
    }

    pub(super) fn describe_service_revisions(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let arns = input.str_list("serviceRevisionArns")?;
        check_arn_count(arns.len(), "serviceRevisionArns")?;
        let (mut found, mut failures) = (vec![], vec![]);
        for arn in arns {
            match path_of(arn, "service-revision").and_then(|p| self.service_revisions.get(p)) {
                Some(r) => found.push(r.clone()),
                None => failures.push(json!({"arn": arn, "reason": "MISSING"})),
            }
        }
        Ok(json!({"serviceRevisions": found, "failures": failures}))
    }

    /// StopServiceDeployment: a deployment not yet finished rolls back to the revision
    /// it replaced, whether or not rollback was configured (developer guide,
    /// stop-service-deployment).
    pub(super) fn stop_service_deployment(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("serviceDeploymentArn")?;
        match input.str("stopType")?.unwrap_or("ROLLBACK") {
            "ROLLBACK" => {}
            "ABORT" => return Err(AwsError::client("UnsupportedFeatureException", "The stop type ABORT is not supported. Use ROLLBACK.")),
            other => return Err(invalid(format!("Invalid stopType '{other}': use ROLLBACK."))),
        }
        let (record_key, record) = self.record_by_arn(arn).map(|(k, d)| (k, d.clone())).ok_or_else(not_found)?;
        let status = record["status"].as_str().unwrap_or_default();
        if matches!(status, "STOP_REQUESTED" | "ROLLBACK_REQUESTED" | "ROLLBACK_IN_PROGRESS") {
            return Ok(json!({"serviceDeploymentArn": arn}));
        }
        if FINAL.contains(&status) {
            return Err(conflict(format!("The service deployment is {status} and cannot be stopped.")));
        }
        let service_key = record_key.rsplit_once('/').map(|(k, _)| k.to_string()).unwrap_or_default();
        // A shifting deployment rolls back by sending traffic to blue, which still runs.
        let shifting = self.service_sim.get(&service_key).and_then(|s| s.shift.as_ref()).is_some_and(|s| s.record == record_key);
        if shifting {
            let revision = self.rollback_revision(&service_key, &record).unwrap_or_default();
            if let Some(shift) = self.service_sim.get_mut(&service_key).and_then(|s| s.shift.as_mut()) {
                shift.stop = Some("Service deployment rolled back because of a stop request.".into());
            }
            if let Some(r) = self.service_deployments.get_mut(&record_key) {
                r["status"] = json!("ROLLBACK_REQUESTED");
                r["rollback"] = json!({"reason": "Service deployment rolled back because of a stop request.", "startedAt": util::now(), "serviceRevisionArn": revision});
            }
            return Ok(json!({"serviceDeploymentArn": arn}));
        }
        let revision_arn = self
            .rollback_revision(&service_key, &record)
            .ok_or_else(|| conflict("The service deployment has no earlier service revision to roll back to.".into()))?;
        let revision = path_of(&revision_arn, "service-revision").and_then(|p| self.service_revisions.get(p)).cloned().unwrap_or_default();
        let mut service = self.services.get(&service_key).cloned().ok_or_else(not_found)?;
        let t = util::now();
        service["taskDefinition"] = revision["taskDefinition"].clone();
        if !revision["networkConfiguration"].is_null() {
            service["networkConfiguration"] = revision["networkConfiguration"].clone();
        }
        let launch = service["launchType"].as_str().unwrap_or("EC2").to_string();
        let network = service["networkConfiguration"].clone();
        let back = self.new_deployment(&service, &revision["taskDefinition"], &launch, &network);
        let back_id = back["id"].as_str().unwrap_or_default().to_string();
        let mut deployments = vec![back];
        for mut old in service["deployments"].as_array().cloned().unwrap_or_default() {
            if old["status"] == "PRIMARY" {
                old["status"] = json!("ACTIVE");
            }
            deployments.push(old);
        }
        service["deployments"] = Value::Array(deployments);
        self.services.insert(service_key.clone(), service);
        self.service_sim.entry_or_default(service_key).revision_of.insert(back_id.clone(), revision_arn.clone());
        if let Some(r) = self.service_deployments.get_mut(&record_key) {
            r["status"] = json!("ROLLBACK_REQUESTED");
            r["_rollback"] = json!(back_id);
            r["rollback"] = json!({"reason": "Service deployment rolled back because of a stop request.", "startedAt": t, "serviceRevisionArn": revision_arn});
            r["updatedAt"] = json!(t);
        }
        Ok(json!({"serviceDeploymentArn": arn}))
    }
}

fn check_arn_count(n: usize, field: &str) -> Result<(), AwsError> {
    if n == 0 {
        return Err(invalid(format!("{field} cannot be empty.")));
    }
    if n > 20 {
        return Err(invalid(format!("{field} can have at most 20 items; got {n}.")));
    }
    Ok(())
}
