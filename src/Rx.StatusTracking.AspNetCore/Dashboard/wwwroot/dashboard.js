// The status dashboard: lists operations, follows one over Server-Sent Events (EventSource reconnects by itself
// with Last-Event-ID, so a dropped connection resumes with no gap), and renders with textContent only.
import { el, make, setAttr, setText, sync } from "./dom.js";
import { apply, age, formatDuration, isRunning, newView, percentDone, seconds, timeSpanMs } from "./model.js";
import { renderSteps } from "./steps.js";
import { renderTimeline } from "./timeline.js";
import { renderDetail } from "./detail.js";

const statusPrefix = document.body.dataset.statusPrefix.replace(/\/$/, "");
let operations = [];
let selected = null;
let selectedStep = null;
let source = null;
let view = null;
// Server time minus browser time (ms), from the list's serverTime: elapsed times are measured on the server's clock,
// which stamped the statuses, whatever the browser's clock says.
let clockOffset = 0;
const serverNow = () => Date.now() + clockOffset;
// How often running figures tick between events.
const TickMs = 250;

async function refreshOperations() {
  try {
    const sent = Date.now();
    const response = await fetch(statusPrefix, { headers: { Accept: "application/json" } });
    const received = Date.now();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const list = await response.json();
    // The server read its clock while the request was in flight: take the middle of the round trip.
    clockOffset = Date.parse(list.serverTime) - (sent + received) / 2;
    operations = list.operations;
    renderOperations();
    const running = operations.filter((o) => o.state === "Running");
    const newestRunning = running.length > 0 ? running[running.length - 1] : null;
    if (el("follow").checked && newestRunning && newestRunning.id !== selected) {
      select(newestRunning.id);
    } else if (!selected && operations.length > 0) {
      select((newestRunning ?? operations[operations.length - 1]).id);
    }
    if (!source && !(view && view.completed)) el("connection").textContent = "up to date";
  } catch (error) {
    el("connection").textContent = `cannot reach the server (${error.message})`;
  }
}

const filter = () => document.querySelector("input[name='filter']:checked")?.value ?? "all";

const shown = (operation) =>
  filter() === "running" ? operation.state === "Running" : filter() === "failed" ? operation.state === "Failed" : true;

// An operation's start and how long it ran, from the list: its progress's elapsed time runs from its first status
// to its latest one, so the start is the latest status's time minus that.
function timesOf(operation, now) {
  const elapsed = timeSpanMs(operation.progress.elapsed);
  if (!operation.current || Number.isNaN(elapsed)) return null;
  const start = Date.parse(operation.current.timestamp) - elapsed;
  const duration = operation.state === "Running" ? Math.max(elapsed, now - start) : elapsed;
  return { start, duration };
}

function createOperation(operation) {
  const item = make("li");
  const button = make("button", "op");
  button.type = "button";
  button.dataset.operation = operation.id;
  button.append(make("span", "op-title"), make("span", "op-times"));
  button.addEventListener("click", () => {
    // Choosing an operation by hand stops following the newest one, which would take the page away from it.
    el("follow").checked = false;
    select(operation.id);
  });
  item.append(button);
  return item;
}

function updateOperation(item, operation, now) {
  const button = item.firstChild;
  button.className = `op op-${operation.state}`;
  setAttr(button, "aria-current", operation.id === selected);
  setText(button.firstChild, `${operation.id} · ${operation.state} · ${Math.round(operation.progress.percent)}%`);
  const times = timesOf(operation, now);
  setText(button.lastChild, times
    ? `started ${age(now - times.start)} ago · ${operation.state === "Running" ? "running for" : "took"} ${seconds(times.duration)}`
    : "no status yet");
}

function renderOperations() {
  const now = serverNow();
  const visible = operations.filter(shown);
  sync(el("operations"), visible, (o) => o.id, createOperation, (item, o) => updateOperation(item, o, now));
  el("no-operations").hidden = operations.length > 0;
  el("none-shown").hidden = operations.length === 0 || visible.length > 0;
}

function selectStep(step) {
  selectedStep = step;
  render();
}

function select(id) {
  if (source) source.close();
  selected = id;
  selectedStep = null;
  view = newView(id);
  el("operation").hidden = false;
  el("operation-title").textContent = id;
  // Another operation's rows are not reused for this one's steps.
  for (const list of ["steps", "timeline", "detail-statuses"]) el(list).replaceChildren();
  for (const button of el("operations").querySelectorAll("button")) {
    button.setAttribute("aria-current", String(button.dataset.operation === id));
  }
  render();
  source = new EventSource(`${statusPrefix}/${encodeURIComponent(id)}/events`);
  const current = view;
  source.onopen = () => { el("connection").textContent = "live"; };
  source.onerror = () => { if (!current.completed) el("connection").textContent = "reconnecting…"; };
  source.onmessage = (event) => { apply(current, JSON.parse(event.data)); render(); };
  source.addEventListener("gap", () => { el("connection").textContent = "live (some older statuses were no longer kept)"; });
  source.addEventListener("complete", (event) => {
    current.completed = JSON.parse(event.data);
    source.close();
    source = null;
    el("connection").textContent = "operation ended";
    render();
  });
}

function renderHeader() {
  const percent = view.completed ? view.completed.progress.percent : percentDone(view);
  const done = Math.round(Math.min(100, Math.max(0, percent)));
  el("progress-bar").style.width = `${done}%`;
  setAttr(el("progress"), "aria-valuenow", done);
  el("progress").classList.toggle("has-failures", view.failures.length > 0);
  setText(el("progress-text"), `${done}%`);
  setText(el("operation-state"), view.completed ? view.completed.state : "Running");
}

function renderFailuresAndSummary() {
  el("failures-section").hidden = view.failures.length === 0;
  sync(el("failures"), view.failures, (f) => f.sequence, () => make("li"), (item, failure) => {
    const error = failure.error ? ` (${failure.error.type}: ${failure.error.message})` : "";
    setText(item, `Step ${failure.step}: ${failure.description}${error}`);
  });
  el("summary-section").hidden = !view.completed;
  if (view.completed) {
    const s = view.completed.summary;
    setText(el("summary"),
      `${s.totalSteps} steps in ${formatDuration(s.duration)}: ${s.completedSteps} completed, ${s.failedSteps} failed, ` +
      `success rate ${Math.round(100 * s.successRate)}%`);
  }
}

function render() {
  const now = serverNow();
  renderHeader();
  renderSteps(view, selectedStep, now, selectStep);
  renderTimeline(view, selectedStep, now, selectStep);
  renderDetail(view, selectedStep, now);
  renderFailuresAndSummary();
}

// Running figures (elapsed times, growing bars, the list's durations) move between events too.
function tick() {
  if (view && isRunning(view)) render();
  if (operations.some((o) => o.state === "Running")) renderOperations();
}

for (const input of document.querySelectorAll("input[name='filter']")) input.addEventListener("change", renderOperations);
el("follow").addEventListener("change", refreshOperations);
function closeDetail() {
  const step = selectedStep;
  selectStep(null);
  // Back where the reader came from: the step's row.
  document.querySelector(`#steps tr[data-step='${step}']`)?.focus();
}

el("detail-close").addEventListener("click", closeDetail);
document.addEventListener("keydown", (event) => { if (event.key === "Escape" && selectedStep !== null) closeDetail(); });
refreshOperations();
setInterval(refreshOperations, 1000);
setInterval(tick, TickMs);
