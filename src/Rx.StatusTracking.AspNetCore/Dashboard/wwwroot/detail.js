// The detail panel of the selected step: what its statuses recorded (data as the producer recorded it, already
// redacted by the producer), its latest error with type, message, inner errors and stack trace when the server sends
// them (StatusEndpointOptions.IncludeErrorDetails), and its recent statuses. Text only.
import { el, make, setText, sync } from "./dom.js";
import { seconds, span, stateLabel } from "./model.js";

// Data is shown as the JSON it arrived as, indented; a string as itself.
// A status's time of day on the server's clock (the timestamp as written: yyyy-mm-ddThh:mm:ss.fffffff+00:00).
const timeOfDay = (timestamp) => timestamp.slice(11, 23);

const asText = (value) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

function errorLines(error, depth = 0) {
  const indent = "  ".repeat(depth);
  const lines = [`${indent}${error.type}: ${error.message}`];
  for (const inner of error.innerErrors ?? []) lines.push(...errorLines(inner, depth + 1));
  return lines;
}

function stackOf(error) {
  const own = error.stackTrace ? [`${error.type}:`, error.stackTrace] : [];
  return [...own, ...(error.innerErrors ?? []).flatMap(stackOf)];
}

function renderError(step) {
  const failure = step.error;
  el("detail-error-section").hidden = !failure;
  if (!failure) return;
  const error = failure.error;
  setText(el("detail-error-when"), `Failed at ${timeOfDay(failure.timestamp)}: ${failure.description}`);
  el("detail-error").hidden = !error;
  el("detail-stack").hidden = true;
  el("detail-stack-note").hidden = true;
  if (!error) {
    setText(el("detail-error-when"), `${el("detail-error-when").textContent} (no exception was recorded)`);
    return;
  }
  setText(el("detail-error-type"), error.type);
  setText(el("detail-error-message"), error.message);
  setText(el("detail-error-inner"), errorLines(error).slice(1).join("\n"));
  el("detail-error-inner").hidden = (error.innerErrors ?? []).length === 0;
  const stack = stackOf(error);
  el("detail-stack").hidden = stack.length === 0;
  el("detail-stack-note").hidden = stack.length > 0;
  setText(el("detail-stack"), stack.join("\n"));
}

export function renderDetail(view, selectedStep, now) {
  const step = selectedStep === null ? undefined : view.steps.get(selectedStep);
  el("detail").hidden = !step;
  if (!step) return;
  setText(el("detail-title"), `Step ${step.step}`);
  setText(el("detail-state"), stateLabel(step.state));
  el("detail-state").className = `state state-${step.state}`;
  setText(el("detail-description"), step.description);
  setText(el("detail-parent"), step.parent === null ? "none (top level)" : `step ${step.parent}`);
  setText(el("detail-attempts"), step.attempts);
  const s = span(view, step, now);
  setText(el("detail-duration"), s ? seconds(s.to - s.from) : "not started");
  const hasData = step.data !== undefined;
  el("detail-data").hidden = !hasData;
  el("detail-no-data").hidden = hasData;
  setText(el("detail-data"), hasData ? asText(step.data) : "");
  renderError(step);
  sync(el("detail-statuses"), step.statuses, (status) => status.sequence, () => make("li"), (item, status) => {
    setText(item, `${timeOfDay(status.timestamp)} ${stateLabel(status.state)}: ${status.description}`);
  });
}
