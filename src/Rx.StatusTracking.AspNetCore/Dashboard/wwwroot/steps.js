// The steps table: one row per step in tree order (children indented under their parent), updated in place.
import { el, make, onActivate, setAttr, setText, sync } from "./dom.js";
import { attemptElapsed, inTreeOrder, seconds, stateLabel } from "./model.js";

function createRow(step, select) {
  const row = make("tr");
  row.dataset.step = String(step.step);
  row.tabIndex = 0;
  const state = make("td", "state");
  const description = make("td", "description");
  description.append(make("span", "text"));
  row.append(make("td", "number"), state, description, make("td", "attempts"), make("td", "elapsed"));
  onActivate(row, () => select(step.step));
  return row;
}

function progressOf(cell, step) {
  let bar = cell.querySelector(".step-progress");
  if (step.state !== "Executing" || step.progress === null) {
    if (bar) {
      bar.remove();
      cell.querySelector(".step-progress-text").remove();
    }
    return;
  }
  const shown = `${Math.round(100 * Math.min(1, Math.max(0, step.progress)))}%`;
  if (!bar) {
    bar = make("div", "step-progress");
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", "100");
    bar.append(make("div", "bar"));
    cell.append(bar, make("span", "step-progress-text"));
  }
  setAttr(bar, "aria-valuenow", shown.slice(0, -1));
  bar.firstChild.style.width = shown;
  setText(cell.querySelector(".step-progress-text"), shown);
}

function updateRow(row, step, depth, selectedStep, now) {
  row.dataset.depth = String(depth);
  if (step.parent !== null) row.dataset.parent = String(step.parent);
  row.classList.toggle("awaiting", step.state === "AwaitingInput");
  setAttr(row, "aria-current", step.step === selectedStep);
  const [number, state, description, attempts, elapsed] = row.children;
  setText(number, step.step);
  state.className = `state state-${step.state}`;
  setText(state, stateLabel(step.state));
  // Children are indented under their parent (CSSOM, which the Content-Security-Policy allows).
  description.style.paddingLeft = `${0.6 + 1.25 * depth}rem`;
  setText(description.firstChild, step.description);
  progressOf(description, step);
  setText(attempts, step.attempts);
  const ms = attemptElapsed(step, now);
  setText(elapsed, ms === null ? "" : seconds(ms));
}

export function renderSteps(view, selectedStep, now, select) {
  sync(el("steps"), inTreeOrder(view), ({ step }) => step.step, ({ step }) => createRow(step, select),
    (row, { step, depth }) => updateRow(row, step, depth, selectedStep, now));
}
