// The timeline (waterfall): each step a bar on one time axis shared by the operation's steps, from its first Executing
// (or waiting for input) to its end; its attempts are segments inside the bar (a failed one marked), the gaps between
// them are retries waiting; a running step's bar grows with the server's clock. Hover or focus shows a step's details.
import { el, make, onActivate, setAttr, setText, sync } from "./dom.js";
import { inTreeOrder, seconds, span, stateLabel } from "./model.js";

// The axis: from the first bar's start to the last bar's end (at least a millisecond, so a bar never divides by 0).
function axisOf(view, ordered, now) {
  let from = Infinity;
  let to = -Infinity;
  for (const { step } of ordered) {
    const s = span(view, step, now);
    if (s) {
      from = Math.min(from, s.from);
      to = Math.max(to, s.to);
    }
  }
  return from === Infinity ? null : { from, to: Math.max(to, from + 1) };
}

function createRow(step, select) {
  const row = make("li", "tl-row");
  row.dataset.step = String(step.step);
  row.tabIndex = 0;
  const track = make("div", "tl-track");
  const bar = make("div", "tl-bar");
  track.append(bar);
  const tip = make("div", "tl-tip");
  tip.setAttribute("role", "tooltip");
  tip.id = `tl-tip-${step.step}`;
  tip.append(make("span", "tip-title"), make("span", "tip-time"), make("span", "tip-error"));
  row.setAttribute("aria-describedby", tip.id);
  row.append(make("span", "tl-label"), track, tip);
  onActivate(row, () => select(step.step));
  return row;
}

const percent = (value) => `${(100 * value).toFixed(4)}%`;

function updateSegments(bar, step, s) {
  const length = Math.max(1, s.to - s.from);
  const segments = step.segments.map((g, index) => ({ g, index }));
  sync(bar, segments, ({ index }) => index, () => make("div", "tl-seg"), (node, { g }) => {
    const to = g.to !== null ? g.to : s.to;
    node.className = `tl-seg seg-${g.state}${g.outcome === "Failed" ? " seg-failed" : ""}${g.to === null ? " seg-live" : ""}`;
    node.style.left = percent((g.from - s.from) / length);
    node.style.width = percent(Math.max(0, to - g.from) / length);
  });
}

function updateRow(row, step, depth, axis, view, now, selectedStep) {
  const [label, track, tip] = row.children;
  const bar = track.firstChild;
  setText(label, `${step.step} · ${step.description}`);
  label.style.paddingLeft = `${1.25 * depth}rem`;
  row.dataset.depth = String(depth);
  row.dataset.state = step.state;
  setAttr(row, "aria-current", step.step === selectedStep);
  const s = span(view, step, now);
  bar.hidden = !s;
  const failures = step.segments.filter((g) => g.outcome === "Failed").length;
  const [title, time, error] = tip.children;
  setText(title, `Step ${step.step}: ${step.description}`);
  if (s) {
    const length = axis.to - axis.from;
    bar.className = `tl-bar bar-${step.state}${failures > 0 ? " has-failures" : ""}`;
    bar.style.left = percent((s.from - axis.from) / length);
    bar.style.width = percent((s.to - s.from) / length);
    bar.dataset.durationMs = String(s.to - s.from);
    updateSegments(bar, step, s);
    const retries = step.attempts > 1 ? `, ${step.attempts} attempts` : "";
    setText(time, `${stateLabel(step.state)} · ${seconds(s.to - s.from)}${retries} · from +${seconds(s.from - axis.from)}`);
  } else {
    setText(time, `${stateLabel(step.state)} · not started`);
  }
  const failure = step.error?.error;
  setText(error, failure ? `${failure.type}: ${failure.message}` : step.error ? "failed (no exception recorded)" : "");
  error.hidden = !step.error;
}

export function renderTimeline(view, selectedStep, now, select) {
  const ordered = inTreeOrder(view);
  const axis = axisOf(view, ordered, now);
  el("timeline-section").hidden = ordered.length === 0;
  setText(el("axis-start"), "0 s");
  setText(el("axis-end"), axis ? seconds(axis.to - axis.from) : "");
  sync(el("timeline"), ordered, ({ step }) => step.step, ({ step }) => createRow(step, select),
    (row, { step, depth }) => updateRow(row, step, depth, axis, view, now, selectedStep));
}
