//! The living part of the sandbox: a simulated clock with a speed factor, and one step
//! per simulated second for every region — task lifecycle, load balancer health, the
//! service scheduler, traffic turned into CloudWatch metrics and access-log lines, and
//! target-tracking auto scaling once a minute.
//!
//! Load model: each service has a traffic level in requests per second (0 unless set
//! through the `BerthSandbox.SetTraffic` control). Traffic is shared by the tasks that can
//! take it (running, with healthy targets when a load balancer is attached). A task
//! serves 250 requests per second per vCPU at 100% CPU, so adding tasks lowers the CPU of
//! each; beyond capacity, requests fail as 5XX and response time climbs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::cloudwatch::CloudWatch;
use crate::compute::Happening;
use crate::ecs::capacity::ProfileTrust;
use crate::ecs::lifecycle::{ExecutionRoles, PullWorld};
use crate::ecs::ServiceView;
use crate::elbv2::ElbV2;
use crate::logs::Logs;
use crate::{util, Region};

/// Requests per second one vCPU serves at 100% CPU.
const REQUESTS_PER_VCPU: f64 = 250.0;
/// A gap longer than this (the sandbox was not running) is skipped, not replayed.
const MAX_CATCH_UP_SECS: f64 = 600.0;
/// The most wall time one call spends stepping the simulation with the world held.
const STEP_BUDGET: std::time::Duration = std::time::Duration::from_millis(50);
/// Access-log lines a task writes per second at most; beyond, the log samples.
const MAX_ACCESS_LINES: f64 = 3.0;

/// Simulated time: wall time scaled by `speed` from the moment the sandbox started,
/// never earlier than what a saved state already saw.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub speed: f64,
    wall_origin: f64,
    sim_origin: f64,
}

impl Clock {
    pub fn new(speed: f64, saved: f64) -> Clock {
        let wall = util::wall_now();
        Clock { speed, wall_origin: wall, sim_origin: wall.max(saved) }
    }

    pub fn now(&self) -> f64 {
        self.sim_origin + (util::wall_now() - self.wall_origin) * self.speed
    }
}

/// Per-region simulation settings and state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionSim {
    /// The last simulated second stepped.
    last_step: f64,
    /// Requests per second by `cluster/service`.
    pub traffic: BTreeMap<String, f64>,
    /// Services publishing 1-second metrics instead of 1-minute ones.
    pub high_res: BTreeSet<String>,
    /// This minute's samples for 1-minute metrics, by metric key.
    #[serde(skip)]
    minute: HashMap<MetricId, Acc>,
}

#[derive(Hash, PartialEq, Eq, Clone, Debug)]
struct MetricId {
    namespace: &'static str,
    name: &'static str,
    dims: Vec<(String, String)>,
    unit: &'static str,
}

#[derive(Clone, Copy, Debug)]
struct Acc {
    count: f64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Acc {
    fn of(values: &[f64]) -> Option<Acc> {
        if values.is_empty() {
            return None;
        }
        let mut acc = Acc { count: 0.0, sum: 0.0, min: f64::MAX, max: f64::MIN };
        for v in values {
            acc.count += 1.0;
            acc.sum += v;
            acc.min = acc.min.min(*v);
            acc.max = acc.max.max(*v);
        }
        Some(acc)
    }

    fn merge(&mut self, o: Acc) {
        self.count += o.count;
        self.sum += o.sum;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }
}

/// A number in [0, 1) that depends only on its inputs: noise that is stable per task
/// and second, so a replay gives the same charts.
fn noise(seed: &str, t: f64, salt: u64) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in seed.bytes().chain((t as i64).to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h ^= h >> 33;
    (h % 1_000_000) as f64 / 1_000_000.0
}

impl RegionSim {
    /// Whether advancing to `to` steps at least one simulated second.
    pub fn stepping_to(&self, to: f64) -> bool {
        self.last_step < to.floor()
    }
}

impl Region {
    /// Steps this region second by second up to `to`; true when something that is
    /// persisted changed.
    pub fn advance(&mut self, name: &str, to: f64, trust: &ProfileTrust, roles: Option<&ExecutionRoles>) -> bool {
        let target = to.floor();
        if self.sim.last_step == 0.0 || target - self.sim.last_step > MAX_CATCH_UP_SECS {
            self.sim.last_step = if self.sim.last_step == 0.0 { target } else { target - MAX_CATCH_UP_SECS };
        }
        let mut changed = false;
        let started = std::time::Instant::now();
        while self.sim.last_step < target {
            // An overloaded simulation runs slower than its speed rather than hold the
            // world for long: what is left is stepped by the next request or tick.
            if started.elapsed() > STEP_BUDGET {
                break;
            }
            let t = self.sim.last_step + 1.0;
            self.sim.last_step = t;
            changed |= util::at(t, || self.step(name, t, trust, roles));
        }
        changed
    }

    /// One simulated second.
    pub fn step(&mut self, name: &str, t: f64, trust: &ProfileTrust, roles: Option<&ExecutionRoles>) -> bool {
        let Region { ecs, ecr, elbv2, logs, cloudwatch, autoscaling, asg, ec2, sim, .. } = self;
        // EC2 first: instances boot and end, their agents register, groups reconcile.
        let (mut capacity, happenings) = ec2.compute.step(t);
        for h in happenings {
            match h {
                Happening::AgentStarted { instance } => {
                    if !ecs.agent_register(name, &instance, trust, asg) {
                        ec2.compute.retry_agent(instance.id(), t);
                    }
                }
                Happening::Terminated { instance_id } => ecs.instance_terminated(&instance_id),
            }
        }
        capacity |= asg.step(name, t, ec2);
        capacity |= ecs.place_waiting(t);
        capacity |= ecs.manage_capacity(t, (t as i64) % 60 == 0, asg, cloudwatch);
        let moved = ecs.step_tasks(t, elbv2, logs, &PullWorld { ecr: &*ecr, roles }) || capacity;
        elbv2.step(t);
        let scheduled = ecs.schedule(name, t, ec2, elbv2, cloudwatch);
        let views = ecs.service_views(elbv2);
        let logged = load(t, &views, elbv2, cloudwatch, logs, sim);
        drop(views);
        let mut scaled = false;
        if (t as i64) % 60 == 0 {
            // Reservation is a per-minute figure of the cluster's container instances.
            for (cluster, [cpu, memory]) in ecs.reservations() {
                let d = dims(&[("ClusterName", &cluster)]);
                for (name, (reserved, registered)) in [("CPUReservation", cpu), ("MemoryReservation", memory)] {
                    if registered > 0 {
                        let percent = 100.0 * reserved as f64 / registered as f64;
                        let id = MetricId { namespace: "AWS/ECS", name, dims: d.clone(), unit: "Percent" };
                        sim.add(t, cloudwatch, false, id, Acc::of(&[percent]).expect("one value"));
                    }
                }
            }
            sim.flush(t, cloudwatch);
            scaled = autoscaling.evaluate(t, ecs, cloudwatch);
        }
        // Alarms with periods of 10, 20 or 30 s are judged as often; the rest each minute.
        if (t as i64) % 10 == 0 {
            scaled |= cloudwatch.evaluate_alarms(t);
        }
        moved || scheduled || logged || scaled
    }
}

impl RegionSim {
    fn add(&mut self, t: f64, cw: &mut CloudWatch, high_res: bool, id: MetricId, acc: Acc) {
        if high_res {
            cw.record_synthetic(id.namespace, id.name, id.dims, t, (acc.count, acc.sum, acc.min, acc.max), id.unit, true);
        } else {
            self.minute.entry(id).and_modify(|a| a.merge(acc)).or_insert(acc);
        }
    }

    /// Publishes the minute that ends at `t` for 1-minute metrics.
    fn flush(&mut self, t: f64, cw: &mut CloudWatch) {
        for (id, acc) in self.minute.drain() {
            cw.record_synthetic(id.namespace, id.name, id.dims, t - 60.0, (acc.count, acc.sum, acc.min, acc.max), id.unit, false);
        }
    }
}

fn dims(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut d: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    d.sort();
    d
}

/// Traffic → per-task CPU and memory, load balancer figures and access logs, for one
/// second. Returns whether log lines were written.
fn load(t: f64, views: &[ServiceView<'_>], elbv2: &ElbV2, cw: &mut CloudWatch, logs: &mut Logs, sim: &mut RegionSim) -> bool {
    let mut logged = false;
    let mut cluster_cpu: BTreeMap<&str, (Acc, bool)> = BTreeMap::new();
    let mut cluster_mem: BTreeMap<&str, Acc> = BTreeMap::new();
    // Per load balancer: requests, target 5XX, and whether any of it is high resolution.
    let mut lb_requests: BTreeMap<String, (f64, f64, bool)> = BTreeMap::new();
    for view in views {
        let rps = sim.traffic.get(view.key).copied().unwrap_or(0.0);
        let high_res = sim.high_res.contains(view.key);
        let serving = view.running.iter().filter(|(_, _, s)| *s).count();
        let capacity = view.cpu_units / 1024.0 * REQUESTS_PER_VCPU;
        let service_dims = dims(&[("ClusterName", view.cluster), ("ServiceName", view.name)]);
        // Each serving task's share of the requests: an even split, or during a blue/green,
        // linear or canary shift its target group's weight split among that group's tasks.
        fn group_of(task: &crate::ecs::lifecycle::TaskSim) -> Option<&str> {
            task.targets.first().map(|r| r.target_group.as_str())
        }
        // Serving tasks per target group, counted once: the share below asks per task.
        let mut serving_by_group: HashMap<&str, usize> = HashMap::new();
        if !view.weights.is_empty() {
            for (_, task, _) in view.running.iter().filter(|(_, _, s)| *s) {
                *serving_by_group.entry(group_of(task).unwrap_or_default()).or_default() += 1;
            }
        }
        let serving_in = |tg: &str| serving_by_group.get(tg).copied().unwrap_or(0);
        let total_weight: f64 = view.weights.iter().map(|(_, w)| w).sum();
        let share = |task: &crate::ecs::lifecycle::TaskSim| -> f64 {
            if total_weight <= 0.0 {
                return if serving > 0 { rps / serving as f64 } else { 0.0 };
            }
            let tg = group_of(task).unwrap_or_default();
            let w = view.weights.iter().find(|(g, _)| g == tg).map(|(_, w)| *w).unwrap_or(0.0);
            let n = serving_in(tg);
            if n == 0 {
                0.0
            } else {
                rps * w / total_weight / n as f64
            }
        };
        let shares: Vec<f64> = view.running.iter().map(|(_, task, serves)| if *serves { share(task) } else { 0.0 }).collect();

        let mut cpus = Vec::with_capacity(view.running.len());
        let mut mems = Vec::with_capacity(view.running.len());
        for (i, (key, task, serves)) in view.running.iter().enumerate() {
            let per_task = shares[i];
            let utilisation = if capacity > 0.0 { per_task / capacity } else { 0.0 };
            let own = if *serves { utilisation } else { 0.0 };
            let jitter = noise(key, t, 1) * 4.0 - 2.0;
            let cpu = (1.5 + 100.0 * own.min(1.0) + jitter).clamp(0.1, 100.0);
            let mem = (18.0 + 0.3 * cpu + noise(key, t, 2) * 2.0).clamp(1.0, 100.0);
            cpus.push(cpu);
            mems.push(mem);
            if !task.logs.is_empty() && *serves && per_task > 0.0 {
                let expected = per_task.min(MAX_ACCESS_LINES);
                let lines = expected.floor() as usize + usize::from(noise(key, t, 3) < expected.fract());
                for sink in &task.logs {
                    let entries: Vec<(i64, String)> = (0..lines)
                        .map(|i| {
                            let at = (t * 1000.0) as i64 + (noise(key, t, 10 + i as u64) * 999.0) as i64;
                            let roll = noise(key, t, 20 + i as u64);
                            let status = if utilisation > 1.0 && roll < 1.0 - 1.0 / utilisation {
                                503
                            } else if roll > 1.0 - task.error_rate {
                                500
                            } else {
                                200
                            };
                            let path = ["/", "/api/items", "/api/orders", "/health", "/static/app.js"]
                                [(noise(key, t, 30 + i as u64) * 5.0) as usize % 5];
                            let ms = (1000.0 * response_time(utilisation)) as i64;
                            (
                                at,
                                format!(
                                    "10.0.{}.{} - - [{}] \"GET {path} HTTP/1.1\" {status} {} \"-\" \"Mozilla/5.0\" rt={ms}ms",
                                    (at % 7) + 1,
                                    at % 250 + 2,
                                    util::iso8601(at as f64 / 1000.0),
                                    180 + at % 900
                                ),
                            )
                        })
                        .collect();
                    if !entries.is_empty() {
                        let mut entries = entries;
                        entries.sort_by_key(|e| e.0);
                        logs.append(&sink.group, &sink.stream, entries);
                        logged = true;
                    }
                }
            }
        }
        if let (Some(cpu), Some(mem)) = (Acc::of(&cpus), Acc::of(&mems)) {
            sim.add(
                t,
                cw,
                high_res,
                MetricId { namespace: "AWS/ECS", name: "CPUUtilization", dims: service_dims.clone(), unit: "Percent" },
                cpu,
            );
            sim.add(
                t,
                cw,
                high_res,
                MetricId { namespace: "AWS/ECS", name: "MemoryUtilization", dims: service_dims.clone(), unit: "Percent" },
                mem,
            );
            match cluster_cpu.get_mut(view.cluster) {
                Some(entry) => {
                    entry.0.merge(cpu);
                    entry.1 |= high_res;
                }
                None => {
                    cluster_cpu.insert(view.cluster, (cpu, high_res));
                }
            }
            cluster_mem.entry(view.cluster).and_modify(|a| a.merge(mem)).or_insert(mem);
        }
        if view.insights {
            for (name, value) in [
                ("RunningTaskCount", view.running.len() as f64),
                ("PendingTaskCount", view.pending as f64),
                ("DesiredTaskCount", view.desired as f64),
            ] {
                sim.add(
                    t,
                    cw,
                    high_res,
                    MetricId { namespace: "ECS/ContainerInsights", name, dims: service_dims.clone(), unit: "Count" },
                    Acc::of(&[value]).expect("one value"),
                );
            }
        }
        for tg in &view.target_groups {
            let Some((lb, tg_dim)) = elbv2.metric_dimensions(tg) else { continue };
            let (healthy, unhealthy) = elbv2.health_counts(tg);
            let pair = dims(&[("LoadBalancer", &lb), ("TargetGroup", &tg_dim)]);
            // What this group's tasks served, what overload failed and what the app itself
            // answered with errors (a revision with an error rate).
            let mine: Vec<(f64, f64)> = view
                .running
                .iter()
                .zip(&shares)
                .filter(|((_, task, s), _)| *s && task.targets.iter().any(|r| r.target_group == *tg))
                .map(|((_, task, _), share)| (*share, task.error_rate))
                .collect();
            let served: f64 = mine.iter().map(|(share, _)| share).sum();
            let failed: f64 = mine
                .iter()
                .map(|(share, rate)| {
                    let over = if *share > capacity { share - capacity } else { 0.0 };
                    over + share.min(capacity) * rate
                })
                .sum();
            let utilisation = if capacity > 0.0 && !mine.is_empty() { served / mine.len() as f64 / capacity } else { 0.0 };
            let one = |v: f64| Acc::of(&[v]).expect("one value");
            sim.add(
                t,
                cw,
                high_res,
                MetricId { namespace: "AWS/ApplicationELB", name: "RequestCount", dims: pair.clone(), unit: "Count" },
                one(served),
            );
            sim.add(
                t,
                cw,
                high_res,
                MetricId { namespace: "AWS/ApplicationELB", name: "HealthyHostCount", dims: pair.clone(), unit: "Count" },
                one(healthy as f64),
            );
            sim.add(
                t,
                cw,
                high_res,
                MetricId { namespace: "AWS/ApplicationELB", name: "UnHealthyHostCount", dims: pair.clone(), unit: "Count" },
                one(unhealthy as f64),
            );
            sim.add(
                t,
                cw,
                high_res,
                MetricId { namespace: "AWS/ApplicationELB", name: "HTTPCode_Target_5XX_Count", dims: pair.clone(), unit: "Count" },
                one(failed),
            );
            sim.add(
                t,
                cw,
                high_res,
                MetricId {
                    namespace: "AWS/ApplicationELB",
                    name: "RequestCountPerTarget",
                    dims: dims(&[("TargetGroup", &tg_dim)]),
                    unit: "Count",
                },
                one(if healthy > 0 { served / healthy as f64 } else { 0.0 }),
            );
            if served > 0.0 {
                sim.add(
                    t,
                    cw,
                    high_res,
                    MetricId { namespace: "AWS/ApplicationELB", name: "TargetResponseTime", dims: pair.clone(), unit: "Seconds" },
                    one(response_time(utilisation)),
                );
            }
            if serving == 0 && rps > 0.0 {
                sim.add(
                    t,
                    cw,
                    high_res,
                    MetricId {
                        namespace: "AWS/ApplicationELB",
                        name: "HTTPCode_ELB_5XX_Count",
                        dims: dims(&[("LoadBalancer", &lb)]),
                        unit: "Count",
                    },
                    one(rps),
                );
            }
            let entry = lb_requests.entry(lb).or_insert((0.0, 0.0, false));
            entry.0 += served;
            entry.1 += failed;
            entry.2 |= high_res;
        }
    }
    for (cluster, (cpu, high_res)) in cluster_cpu {
        let d = dims(&[("ClusterName", cluster)]);
        sim.add(t, cw, high_res, MetricId { namespace: "AWS/ECS", name: "CPUUtilization", dims: d.clone(), unit: "Percent" }, cpu);
        if let Some(mem) = cluster_mem.get(cluster) {
            sim.add(t, cw, high_res, MetricId { namespace: "AWS/ECS", name: "MemoryUtilization", dims: d, unit: "Percent" }, *mem);
        }
    }
    for (lb, (requests, errors, high_res)) in lb_requests {
        let d = dims(&[("LoadBalancer", &lb)]);
        for (name, value) in [("RequestCount", requests), ("HTTPCode_Target_5XX_Count", errors)] {
            let id = MetricId { namespace: "AWS/ApplicationELB", name, dims: d.clone(), unit: "Count" };
            sim.add(t, cw, high_res, id, Acc::of(&[value]).expect("one value"));
        }
    }
    logged
}

/// Seconds per request at a utilisation: queueing makes it climb steeply near capacity.
fn response_time(utilisation: f64) -> f64 {
    0.012 + 0.004 / (1.0 - utilisation.min(0.98))
}
