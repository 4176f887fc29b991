// ECS's service events in plain words, for the experiments' narration. The event is
// always shown beside its reading, so an event no rule knows still reads as ECS wrote it.
const RULES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/has started (\d+) tasks?/, (m) => `ECS starts ${m[1]} task${m[1] === "1" ? "" : "s"} to reach the desired count.`],
  [/has stopped (\d+) running tasks?/, (m) => `ECS stops ${m[1]} task${m[1] === "1" ? "" : "s"}.`],
  [/has reached a steady state/, () => "Everything the service wants is running and healthy: steady state."],
  [/deregistered (\d+) targets/, () => "A task leaves the target group; the load balancer stops sending it requests."],
  [/\bregistered (\d+) targets/, () => "A new task joins the load balancer's target group and starts getting health checks."],
  [/has begun draining connections/, () => "The load balancer lets the leaving task finish its requests (deregistration delay)."],
  [/deployment failed: rolling back/i, () => "The circuit breaker has seen too many failed tasks: ECS stops the rollout and rolls back to the last deployment that completed."],
  [/deployment failed|circuit breaker/i, () => "The circuit breaker has seen too many failed tasks: ECS stops the rollout."],
  [/rolling back/i, () => "ECS rolls back to the last revision that completed."],
  [/unable to place a task/, () => "ECS has nowhere to place a task yet."],
  [/completed/i, () => "A deployment finished."],
  [/desired count|auto scaling|scaling/i, () => "Auto scaling changed the desired count."],
];

export function narrate(message: string): string {
  for (const [pattern, words] of RULES) {
    const m = message.match(pattern);
    if (m) return words(m);
  }
  return "ECS says:";
}
