using Rx.StatusTracking.AI.Internal;

namespace Rx.StatusTracking.AI;

/// <summary>The <see cref="ChatStatus.Data"/> of a model call's statuses.</summary>
/// <param name="ModelId">The model asked, when known.</param>
/// <param name="Iteration">1 for the first call of a request, 2 for the call that sends the first tool results back, and so on.</param>
/// <param name="Duration">From the request to the full response; set on the terminal status.</param>
/// <param name="TimeToFirstChunk">For streaming calls: from the request to the first update.</param>
/// <param name="InputTokens">Input tokens, when the response reports usage.</param>
/// <param name="OutputTokens">Output tokens, when the response reports usage.</param>
/// <param name="TotalTokens">Total tokens, when the response reports usage.</param>
/// <param name="ToolCalls">How many tool calls the response asked for.</param>
public sealed record ModelCallData(
    string? ModelId,
    int Iteration,
    TimeSpan? Duration = null,
    TimeSpan? TimeToFirstChunk = null,
    long? InputTokens = null,
    long? OutputTokens = null,
    long? TotalTokens = null,
    int ToolCalls = 0) : IStatusTelemetry
{
    // Trimmed, like the model's sentences: a blank model id names the span "chat".
    string? IStatusTelemetry.SpanName => string.IsNullOrWhiteSpace(ModelId) ? "chat" : $"chat {ModelId.Trim()}";

    // Bounded: the operation and the requested model. The terminal status's ModelId is the answering model when the
    // response names one, so the request model comes from the statuses before it (Duration is set only on the terminal
    // status); spans and measurements merge the tags of a call's statuses, so the terminal ones still carry it.
    IEnumerable<KeyValuePair<string, object?>> IStatusTelemetry.MetricTags
    {
        get
        {
            yield return new("gen_ai.operation.name", "chat");
            if (ModelId is not null && Duration is null)
            {
                yield return new("gen_ai.request.model", ModelId);
            }
        }
    }

    // Per call: token counts (known on the terminal status) go on the span only.
    IEnumerable<KeyValuePair<string, object?>> IStatusTelemetry.SpanTags
    {
        get
        {
            if (InputTokens is { } input)
            {
                yield return new("gen_ai.usage.input_tokens", input);
            }

            if (OutputTokens is { } output)
            {
                yield return new("gen_ai.usage.output_tokens", output);
            }
        }
    }
}
