// The status dashboard: lists operations, follows one over Server-Sent Events (EventSource reconnects by itself
// with Last-Event-ID, so a dropped connection resumes with no gap), and renders with textContent only.
"use strict";

const statusPrefix = document.body.dataset.statusPrefix.replace(/\/$/, "");
const el = (id) => document.getElementById(id);
let selected = null;
let source = null;
let view = null;
// Server time minus browser time (ms), from the list's serverTime: elapsed times are measured on the server's clock,
// which stamped the statuses, whatever the browser's clock says.
let clockOffset = 0;
const serverNow = () => Date.now() + clockOffset;

function newView(id) {
  return { id, steps: new Map(), failures: [], completed: null };
}

async function refreshOperations() {
  try {
    const sent = Date.now();
    const response = await fetch(statusPrefix, { headers: { Accept: "application/json" } });
    const received = Date.now();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const list = await response.json();
    // The server read its clock while the request was in flight: take the middle of the round trip.
    clockOffset = Date.parse(list.serverTime) - (sent + received) / 2;
    const operations = list.operations;
    renderOperations(operations);
    if (!selected && operations.length > 0) {
      const running = operations.filter((o) => o.state === "Running");
      select((running.length > 0 ? running[running.length - 1] : operations[operations.length - 1]).id);
    }
    if (!source && !(view && view.completed)) el("connection").textContent = "up to date";
  } catch (error) {
    el("connection").textContent = `cannot reach the server (${error.message})`;
  }
}

function renderOperations(operations) {
  const list = el("operations");
  list.replaceChildren(...operations.map((operation) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.operation = operation.id;
    button.textContent = `${operation.id} · ${operation.state} · ${Math.round(operation.progress.percent)}%`;
    button.setAttribute("aria-current", String(operation.id === selected));
    button.addEventListener("click", () => select(operation.id));
    item.append(button);
    return item;
  }));
  el("no-operations").hidden = operations.length > 0;
}

function select(id) {
  if (source) source.close();
  selected = id;
  view = newView(id);
  el("operation").hidden = false;
  el("operation-title").textContent = id;
  for (const button of el("operations").querySelectorAll("button")) {
    button.setAttribute("aria-current", String(button.dataset.operation === id));
  }
  render();
  source = new EventSource(`${statusPrefix}/${encodeURIComponent(id)}/events`);
  source.onopen = () => { el("connection").textContent = "live"; };
  source.onerror = () => { if (!view.completed) el("connection").textContent = "reconnecting…"; };
  source.onmessage = (event) => { apply(JSON.parse(event.data)); render(); };
  source.addEventListener("gap", () => { el("connection").textContent = "live (some older statuses were no longer kept)"; });
  source.addEventListener("complete", (event) => {
    view.completed = JSON.parse(event.data);
    source.close();
    source = null;
    el("connection").textContent = "operation ended";
    render();
  });
}

function apply(status) {
  if (status.isReset) {
    view.steps.clear();
    view.failures = [];
    return;
  }
  const known = view.steps.get(status.step);
  // A step's parent is fixed by its first status (the tracker stamps it on every later one).
  const step = known ?? { step: status.step, parent: status.parentStep ?? null, attempts: 0, attemptOpen: false, startedAt: null, endedAt: null };
  // As the tracker counts attempts: going on after waiting for input is not a new one.
  if (status.state === "Executing" && !step.attemptOpen) {
    step.attempts += 1;
    step.attemptOpen = true;
    step.startedAt = Date.parse(status.timestamp);
  } else if (status.state !== "Executing" && status.state !== "AwaitingInput") {
    step.attemptOpen = false;
  }
  step.state = status.state;
  step.description = status.description;
  step.progress = status.state === "Executing" && typeof status.progress === "number" ? status.progress : null;
  step.endedAt = status.isTerminal ? Date.parse(status.timestamp) : null;
  view.steps.set(status.step, step);
  if (status.state === "Failed") view.failures.push(status);
}

const isFinished = (step) => step.state === "Completed" || step.state === "Failed";

// Steps in tree order with their depth: each parent followed by its children, in step order; a step whose parent is
// not known is shown at the top level.
function inTreeOrder(steps) {
  const children = new Map();
  for (const step of steps) {
    if (step.parent !== null && view.steps.has(step.parent) && step.parent !== step.step) {
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
  for (const step of steps) {
    if (step.parent === null || !view.steps.has(step.parent) || step.parent === step.step) visit(step, 0);
  }
  for (const step of steps) visit(step, 0); // only a cycle, which a tracker never records, is left
  return ordered;
}

// The tracker's fraction done of a step (ProgressSnapshot.Percent adds these up): finished 1, executing with a figure
// that figure, else its children's mean, else 0.
function fractionOf(step, children, seen = new Set()) {
  if (isFinished(step)) return 1;
  if (step.progress !== null) return step.progress;
  const own = children.get(step.step) ?? [];
  if (own.length === 0 || seen.has(step.step)) return 0;
  seen.add(step.step);
  return own.reduce((sum, child) => sum + fractionOf(child, children, seen), 0) / own.length;
}

function percentDone(steps) {
  const children = new Map();
  for (const step of steps) {
    if (step.parent !== null) {
      if (!children.has(step.parent)) children.set(step.parent, []);
      children.get(step.parent).push(step);
    }
  }
  return steps.length === 0 ? 0 : (100 * steps.reduce((sum, step) => sum + fractionOf(step, children), 0)) / steps.length;
}

function stateCell(step) {
  const cell = document.createElement("td");
  cell.className = `state state-${step.state}`;
  cell.textContent = step.state === "AwaitingInput" ? "waiting for input" : step.state;
  return cell;
}

function descriptionCell(step, depth) {
  const cell = document.createElement("td");
  cell.className = "description";
  // Children are indented under their parent (CSSOM, which the Content-Security-Policy allows).
  cell.style.paddingLeft = `${0.6 + 1.25 * depth}rem`;
  const text = document.createElement("span");
  text.textContent = step.description;
  cell.append(text);
  if (step.state === "Executing" && step.progress !== null) {
    const shown = `${Math.round(100 * Math.min(1, Math.max(0, step.progress)))}%`;
    const bar = document.createElement("div");
    bar.className = "step-progress";
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-valuenow", shown.slice(0, -1));
    const fill = document.createElement("div");
    fill.className = "bar";
    fill.style.width = shown;
    const label = document.createElement("span");
    label.className = "step-progress-text";
    label.textContent = shown;
    bar.append(fill);
    cell.append(bar, label);
  }
  return cell;
}

function render() {
  const steps = [...view.steps.values()].sort((a, b) => a.step - b.step);
  const percent = view.completed ? view.completed.progress.percent : percentDone(steps);
  const shown = Math.round(Math.min(100, Math.max(0, percent)));
  el("progress-bar").style.width = `${shown}%`;
  el("progress").setAttribute("aria-valuenow", String(shown));
  el("progress").classList.toggle("has-failures", view.failures.length > 0);
  el("progress-text").textContent = `${shown}%`;
  el("operation-state").textContent = view.completed ? view.completed.state : "Running";

  el("steps").replaceChildren(...inTreeOrder(steps).map(({ step, depth }) => {
    const row = document.createElement("tr");
    row.dataset.step = String(step.step);
    row.dataset.depth = String(depth);
    if (step.parent !== null) row.dataset.parent = String(step.parent);
    if (step.state === "AwaitingInput") row.className = "awaiting";
    const elapsed = step.startedAt === null ? "" : `${(Math.max(0, (step.endedAt ?? serverNow()) - step.startedAt) / 1000).toFixed(2)} s`;
    const cell = (text) => {
      const td = document.createElement("td");
      td.textContent = String(text);
      return td;
    };
    row.append(cell(step.step), stateCell(step), descriptionCell(step, depth), cell(step.attempts), cell(elapsed));
    return row;
  }));

  el("failures-section").hidden = view.failures.length === 0;
  el("failures").replaceChildren(...view.failures.map((failure) => {
    const item = document.createElement("li");
    const error = failure.error ? ` (${failure.error.type}: ${failure.error.message})` : "";
    item.textContent = `Step ${failure.step}: ${failure.description}${error}`;
    return item;
  }));

  el("summary-section").hidden = !view.completed;
  if (view.completed) {
    const s = view.completed.summary;
    el("summary").textContent =
      `${s.totalSteps} steps in ${formatDuration(s.duration)}: ${s.completedSteps} completed, ${s.failedSteps} failed, ` +
      `success rate ${Math.round(100 * s.successRate)}%`;
  }
}

// .NET writes a TimeSpan as [d.]hh:mm:ss[.fffffff].
function formatDuration(text) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text ?? "");
  if (!match) return text;
  const seconds = (Number(match[1] ?? 0) * 24 + Number(match[2])) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  return seconds < 60 ? `${seconds.toFixed(2)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

// A running step's elapsed time grows between events too.
function tick() {
  if (view && !view.completed && [...view.steps.values()].some((s) => s.startedAt !== null && s.endedAt === null)) render();
}

refreshOperations();
setInterval(refreshOperations, 1000);
setInterval(tick, 1000);
