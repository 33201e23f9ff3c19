using Rx.StatusTracking.AI.Internal;

namespace Rx.StatusTracking.AI;

/// <summary>The <see cref="ChatStatus.Data"/> of a tool call's statuses.</summary>
/// <param name="CallId">The model's id for this call.</param>
/// <param name="ToolName">The tool's name.</param>
/// <param name="Arguments">
/// The arguments as recorded: a read-only copy taken when the call is reported, redacted by
/// <see cref="StatusTrackingChatOptions.ArgumentFilter"/>, with markers for what could not be copied (see there);
/// <see langword="null"/> when dropped.
/// </param>
/// <param name="Duration">How long the invocation ran; set on the terminal status.</param>
public sealed record ToolCallData(string CallId, string ToolName, IReadOnlyDictionary<string, object?>? Arguments, TimeSpan? Duration = null)
    : IStatusTelemetry
{
    /// <summary>
    /// Whether the request offered a tool of this name; <see langword="false"/> for a name the model made up (its call is
    /// reported "not found"). Metrics then tag the tool name as <c>_OTHER</c>: names a model invents are unbounded.
    /// </summary>
    public bool IsKnownTool { get; init; } = true;

    // Trimmed, like the tool's sentences: " x " names the span "execute_tool x".
    string? IStatusTelemetry.SpanName => string.IsNullOrWhiteSpace(ToolName) ? "execute_tool" : $"execute_tool {ToolName.Trim()}";

    // Bounded: the operation and the name of a tool the app offered. The call id differs per call: span only.
    IEnumerable<KeyValuePair<string, object?>> IStatusTelemetry.MetricTags =>
    [
        new("gen_ai.operation.name", "execute_tool"),
        new("gen_ai.tool.name", IsKnownTool ? ToolName : "_OTHER"),
    ];

    // A span is one call: it names even a made-up tool as the model sent it.
    IEnumerable<KeyValuePair<string, object?>> IStatusTelemetry.SpanTags => IsKnownTool
        ? [new("gen_ai.tool.call.id", CallId)]
        : [new("gen_ai.tool.call.id", CallId), new("gen_ai.tool.name", ToolName)];
}
