namespace Rx.StatusTracking;

/// <summary>
/// Implemented by a status's <see cref="ChatStatus.Data"/> to describe the step to tracing and metrics: a
/// low-cardinality span name, the bounded tags that become metric dimensions, and per-call tags for spans only
/// (OpenTelemetry's GenAI attributes such as <c>gen_ai.operation.name</c> and <c>gen_ai.tool.name</c> on both,
/// <c>gen_ai.tool.call.id</c> and token counts on spans). The AI integration's payloads implement it.
/// </summary>
/// <remarks>
/// Every status of a step may carry a payload: <see cref="StatusTelemetry.TraceTo"/> and
/// <see cref="StatusTelemetry.RecordMetrics(IObservable{ChatStatus})"/> merge the tags of an attempt's statuses in
/// order (a later value replaces an earlier one, a <see langword="null"/> value removes the tag), so a value known
/// only at the end, such as token usage, can come with the terminal status alone.
/// </remarks>
public interface IStatusTelemetry
{
    /// <summary>The span name, e.g. <c>execute_tool web_search</c> or <c>chat gpt-4o</c>; <see langword="null"/> for the default.</summary>
    string? SpanName { get; }

    /// <summary>
    /// Tags for the step's measurements and its activity: <b>bounded values only</b>, such as an operation name, a
    /// tool name or a model name. Each distinct combination of values becomes its own time series in a metrics
    /// backend, so an id, a count, a description or anything else that differs per call does not belong here.
    /// </summary>
    IEnumerable<KeyValuePair<string, object?>> MetricTags { get; }

    /// <summary>
    /// Tags for the step's activity only, after <see cref="MetricTags"/>: per-call values such as a call id or token
    /// counts. They never reach metrics.
    /// </summary>
    /// <remarks>None by default, so a payload with only bounded tags implements <see cref="MetricTags"/> alone.</remarks>
    IEnumerable<KeyValuePair<string, object?>> SpanTags => [];
}
