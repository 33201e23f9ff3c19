namespace Rx.StatusTracking.AI;

/// <summary>The <see cref="ChatStatus.Data"/> of a tool call's statuses.</summary>
/// <param name="CallId">The model's id for this call.</param>
/// <param name="ToolName">The tool's name.</param>
/// <param name="Arguments">The arguments as recorded (see <see cref="StatusTrackingChatOptions.ArgumentFilter"/>); <see langword="null"/> when dropped.</param>
/// <param name="Duration">How long the invocation ran; set on the terminal status.</param>
public sealed record ToolCallData(string CallId, string ToolName, IReadOnlyDictionary<string, object?>? Arguments, TimeSpan? Duration = null)
    : IStatusTelemetry
{
    string? IStatusTelemetry.SpanName => string.IsNullOrWhiteSpace(ToolName) ? "execute_tool" : $"execute_tool {ToolName}";

    // Bounded: the operation and the tool's name. The call id differs per call: span only.
    IEnumerable<KeyValuePair<string, object?>> IStatusTelemetry.MetricTags =>
    [
        new("gen_ai.operation.name", "execute_tool"),
        new("gen_ai.tool.name", ToolName),
    ];

    IEnumerable<KeyValuePair<string, object?>> IStatusTelemetry.SpanTags => [new("gen_ai.tool.call.id", CallId)];
}
