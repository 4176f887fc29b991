// Chart redraws share the frame: each chart queues its latest redraw and one animation
// frame loop runs the queue until a few milliseconds are spent, leaving the rest for the
// next frame, so a wall of 80 charts never blocks one frame for all of them. What each
// frame cost is recorded when `cargo xtask bench metrics` asks (`window.__berthMeasure`).

const BUDGET_MS = 6;
const queue = new Map<object, () => void>();
let scheduled = false;

interface FrameMeasure {
  frameWork?: Map<number, number>;
}

/** Adds `ms` of work to the frame that started at `frameTime` (rAF's timestamp). */
export function recordFrameWork(frameTime: number, ms: number): void {
  const m = (window as unknown as { __berthMeasure?: FrameMeasure }).__berthMeasure;
  if (!m) return;
  m.frameWork ??= new Map();
  m.frameWork.set(frameTime, (m.frameWork.get(frameTime) ?? 0) + ms);
}

function run(frameTime: number): void {
  const start = performance.now();
  for (const [owner, task] of queue) {
    queue.delete(owner);
    task();
    if (performance.now() - start > BUDGET_MS) break;
  }
  recordFrameWork(frameTime, performance.now() - start);
  if (queue.size) requestAnimationFrame(run);
  else scheduled = false;
}

/** Queues `task` for `owner`, replacing a redraw it had queued and not yet run. */
export function scheduleDraw(owner: object, task: () => void): void {
  queue.set(owner, task);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(run);
  }
}

export function cancelDraw(owner: object): void {
  queue.delete(owner);
}
