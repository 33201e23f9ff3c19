// What the page knows of the followed operation, built from its statuses (history then live, over EventSource).
// Times are the server's (the statuses' timestamps, in ms); "now" is always passed in, on the server's clock.

// How many statuses of one step the detail panel keeps (a long-running step may report progress thousands of times).
const StatusesPerStep = 50;

export function newView(id) {
  return { id, steps: new Map(), failures: [], completed: null, lastAt: null };
}

export const isFinished = (step) => step.state === "Completed" || step.state === "Failed";
const isActive = (state) => state === "Executing" || state === "AwaitingInput";

export function apply(view, status) {
  if (status.isReset) {
    view.steps.clear();
    view.failures = [];
    return;
  }
  const at = Date.parse(status.timestamp);
  view.lastAt = view.lastAt === null ? at : Math.max(view.lastAt, at);
  const known = view.steps.get(status.step);
  // A step's parent is fixed by its first status (the tracker stamps it on every later one).
  const step = known ?? {
    step: status.step, parent: status.parentStep ?? null, attempts: 0, attemptOpen: false, startedAt: null, endedAt: null,
    segments: [], statuses: [], data: undefined, error: null,
  };
  // As the tracker counts attempts: going on after waiting for input is not a new one.
  if (status.state === "Executing" && !step.attemptOpen) {
    step.attempts += 1;
    step.attemptOpen = true;
    step.startedAt = at;
  } else if (!isActive(status.state)) {
    // An ending with no attempt open, first or after another ending, had an Executing the server left out of a
    // stream that fell behind (it keeps each step's newest status and every ending): the attempt still happened.
    if (status.isTerminal && !step.attemptOpen && (!known || isFinished(step))) {
      step.attempts += 1;
      step.startedAt = at;
    }
    step.attemptOpen = false;
  }
  addSegment(step, status.state, at);
  step.state = status.state;
  step.description = status.description;
  step.progress = status.state === "Executing" && typeof status.progress === "number" ? status.progress : null;
  step.endedAt = status.isTerminal ? at : null;
  step.statuses.push(status);
  if (step.statuses.length > StatusesPerStep) step.statuses.shift();
  if (status.data !== undefined && status.data !== null) step.data = status.data;
  if (status.state === "Failed") step.error = status;
  view.steps.set(status.step, step);
  if (status.state === "Failed") view.failures.push(status);
}

// The timeline's segments of a step: one per stretch of Executing or AwaitingInput, closed by the status that ends it
// (a Failed one marks its segment failed; a retry opens a new segment after the gap).
function addSegment(step, state, at) {
  const last = step.segments[step.segments.length - 1];
  const open = last && last.to === null ? last : null;
  if (open && open.state === state) return;
  if (open) {
    open.to = at;
    open.outcome = state;
  }
  if (isActive(state)) step.segments.push({ from: at, to: null, state, outcome: null });
}

// Where a step's bar starts (its first Executing or waiting) and ends (its end, or now while it runs); null before it ran.
export function span(view, step, now) {
  if (step.segments.length === 0) return null;
  const from = step.segments[0].from;
  const last = step.segments[step.segments.length - 1];
  const to = last.to !== null ? last.to : openEnd(view, now);
  return { from, to: Math.max(from, to) };
}

// An open segment runs to now, or, once the operation has ended, to its last status.
export const openEnd = (view, now) => (view.completed && view.lastAt !== null ? view.lastAt : now);

export const isRunning = (view) => !view.completed && [...view.steps.values()].some((s) => s.segments.some((g) => g.to === null));

// Steps in tree order with their depth: each parent followed by its children, in step order; a step whose parent is
// not known is shown at the top level.
export function inTreeOrder(view) {
  const steps = [...view.steps.values()].sort((a, b) => a.step - b.step);
  const isRoot = (step) => step.parent === null || !view.steps.has(step.parent) || step.parent === step.step;
  const children = new Map();
  for (const step of steps) {
    if (!isRoot(step)) {
      if (!children.has(step.parent)) children.set(step.parent, []);
      children.get(step.parent).push(step);
    }
  }
  const ordered = [];
  const visited = new Set();
  const visit = (step, depth) => {
    if (visited.has(step.step)) return;
    visited.add(step.step);
    ordered.push({ step, depth });
    for (const child of children.get(step.step) ?? []) visit(child, depth + 1);
  };
  for (const step of steps) if (isRoot(step)) visit(step, 0);
  for (const step of steps) visit(step, 0); // only a cycle, which a tracker never records, is left
  return ordered;
}

// The tracker's fraction done of a step (ProgressSnapshot.Percent adds these up): finished 1, executing with a figure
// that figure, else its children's mean, else 0.
function fractionOf(step, children, seen) {
  if (isFinished(step)) return 1;
  if (step.progress !== null) return step.progress;
  const own = children.get(step.step) ?? [];
  if (own.length === 0 || seen.has(step.step)) return 0;
  seen.add(step.step);
  return own.reduce((sum, child) => sum + fractionOf(child, children, seen), 0) / own.length;
}

export function percentDone(view) {
  const steps = [...view.steps.values()];
  const children = new Map();
  for (const step of steps) {
    if (step.parent !== null) {
      if (!children.has(step.parent)) children.set(step.parent, []);
      children.get(step.parent).push(step);
    }
  }
  return steps.length === 0 ? 0 : (100 * steps.reduce((sum, step) => sum + fractionOf(step, children, new Set()), 0)) / steps.length;
}

// The current attempt's elapsed time (from its Executing to its end, or now), as the steps table shows it.
export const attemptElapsed = (step, now) => (step.startedAt === null ? null : Math.max(0, (step.endedAt ?? now) - step.startedAt));

export function seconds(ms) {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(2)} s` : `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
}

// How long ago, coarser than a duration: "4 s", "3 min", "2 h".
export function age(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

// .NET writes a TimeSpan as [-][d.]hh:mm:ss[.fffffff]; in ms (NaN if it is not one).
export function timeSpanMs(text) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text ?? "");
  if (!match) return Number.NaN;
  return ((Number(match[1] ?? 0) * 24 + Number(match[2])) * 3600 + Number(match[3]) * 60 + Number(match[4])) * 1000;
}

export function formatDuration(text) {
  const ms = timeSpanMs(text);
  return Number.isNaN(ms) ? text : seconds(ms);
}

export const stateLabel = (state) => (state === "AwaitingInput" ? "waiting for input" : state);
