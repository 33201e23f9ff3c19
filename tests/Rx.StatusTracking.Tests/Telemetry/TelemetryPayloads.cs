namespace Rx.StatusTracking.Tests.Telemetry;

/// <summary>A tool call's payload, shaped like the AI integration's: bounded metric tags, the call id on spans only.</summary>
internal sealed record ToolData(string Tool, string CallId = "call-1") : IStatusTelemetry
{
    public string? SpanName => $"execute_tool {Tool}";

    public IEnumerable<KeyValuePair<string, object?>> MetricTags => [new("gen_ai.operation.name", "execute_tool"), new("gen_ai.tool.name", Tool)];

    public IEnumerable<KeyValuePair<string, object?>> SpanTags => [new("gen_ai.tool.call.id", CallId)];
}

/// <summary>A payload with whatever tags a test gives it.</summary>
internal sealed record Payload(string? SpanName, (string Key, object? Value)[] Metric, (string Key, object? Value)[] Span) : IStatusTelemetry
{
    public IEnumerable<KeyValuePair<string, object?>> MetricTags => Metric.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value));

    public IEnumerable<KeyValuePair<string, object?>> SpanTags => Span.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value));

    public static Payload Of(string? name = null, (string Key, object? Value)[]? metric = null, (string Key, object? Value)[]? span = null) =>
        new(name, metric ?? [], span ?? []);
}
