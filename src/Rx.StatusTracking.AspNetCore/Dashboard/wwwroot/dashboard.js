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
  const step = known ?? { step: status.step, attempts: 0, startedAt: null, endedAt: null };
  if (status.state === "Executing" && (!known || known.state !== "Executing")) {
    step.attempts += 1;
    step.startedAt = Date.parse(status.timestamp);
  }
  step.state = status.state;
  step.description = status.description;
  step.endedAt = status.isTerminal ? Date.parse(status.timestamp) : null;
  view.steps.set(status.step, step);
  if (status.state === "Failed") view.failures.push(status);
}

function render() {
  const steps = [...view.steps.values()].sort((a, b) => a.step - b.step);
  const finished = steps.filter((s) => s.state === "Completed" || s.state === "Failed").length;
  const percent = view.completed ? view.completed.progress.percent : (steps.length === 0 ? 0 : (100 * finished) / steps.length);
  const shown = Math.round(Math.min(100, Math.max(0, percent)));
  el("progress-bar").style.width = `${shown}%`;
  el("progress").setAttribute("aria-valuenow", String(shown));
  el("progress").classList.toggle("has-failures", view.failures.length > 0);
  el("progress-text").textContent = `${shown}%`;
  el("operation-state").textContent = view.completed ? view.completed.state : "Running";

  el("steps").replaceChildren(...steps.map((step) => {
    const row = document.createElement("tr");
    row.dataset.step = String(step.step);
    const elapsed = step.startedAt === null ? "" : `${(Math.max(0, (step.endedAt ?? serverNow()) - step.startedAt) / 1000).toFixed(2)} s`;
    for (const [text, className] of [[step.step, ""], [step.state, `state state-${step.state}`], [step.description, "description"], [step.attempts, ""], [elapsed, ""]]) {
      const cell = document.createElement("td");
      cell.textContent = String(text);
      if (className) cell.className = className;
      row.append(cell);
    }
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
