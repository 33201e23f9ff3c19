namespace Rx.StatusTracking;

/// <summary>
/// Implemented by a status's <see cref="ChatStatus.Data"/> to describe the step to tracing and metrics: a
/// low-cardinality span name and tags such as the OpenTelemetry GenAI attributes (<c>gen_ai.operation.name</c>,
/// <c>gen_ai.tool.name</c>…). The AI integration's payloads implement it.
/// </summary>
public interface IStatusTelemetry
{
    /// <summary>The span name, e.g. <c>execute_tool web_search</c> or <c>chat gpt-4o</c>; <see langword="null"/> for the default.</summary>
    string? SpanName { get; }

    /// <summary>The tags to put on the step's activity and measurements.</summary>
    IEnumerable<KeyValuePair<string, object?>> Tags { get; }
}
