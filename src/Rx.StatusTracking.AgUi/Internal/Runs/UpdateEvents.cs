using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// Turns the run's streamed <see cref="ChatResponseUpdate"/>s into AG-UI events: text as one
/// <c>TEXT_MESSAGE_START</c>/<c>CONTENT</c>…/<c>END</c> per assistant message (closed before a tool call, when the model's
/// message id changes, and at the end); each tool call (or tool call waiting for approval) as
/// <c>TOOL_CALL_START</c>/<c>ARGS</c>/<c>END</c> once per call id; each tool result as <c>TOOL_CALL_RESULT</c>; token usage
/// added up per model for <c>RUN_FINISHED</c>. Calls the conversation already holds (an approved call the
/// function-invocation client now runs) are not announced again: the client has them.
/// </summary>
internal sealed class UpdateEvents(string runId, RunLog log, IEnumerable<string> knownCalls)
{
    // AIJsonUtilities' options, on one line: an argument delta is one string, and SSE data one line.
    private static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private readonly HashSet<string> _calls = [.. knownCalls];
    private readonly Dictionary<string, UsageDetails> _usage = new(StringComparer.Ordinal);
    private string? _openMessage;
    private string? _openSourceId;
    private int _messages;
    private int _results;

    public void On(ChatResponseUpdate update)
    {
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text when update.Role != ChatRole.Tool:
                    Text(update.MessageId, text.Text);
                    break;
                case FunctionCallContent call:
                    ToolCall(call, update.MessageId);
                    break;
                case ToolApprovalRequestContent { ToolCall: FunctionCallContent call }:
                    ToolCall(call, update.MessageId);
                    break;
                case FunctionResultContent result:
                    CloseText();
                    var messageId = $"{runId}:result:{++_results}";
                    log.Append("TOOL_CALL_RESULT", w =>
                    {
                        w.WriteString("messageId", messageId);
                        w.WriteString("toolCallId", result.CallId);
                        w.WriteString("content", ResultText(result));
                        w.WriteString("role", "tool");
                    });
                    break;
                case UsageContent usage:
                    var model = update.ModelId ?? "";
                    if (!_usage.TryGetValue(model, out var total))
                    {
                        _usage[model] = total = new UsageDetails();
                    }

                    total.Add(usage.Details);
                    break;
            }
        }
    }

    /// <summary>Ends the text message still open, if any.</summary>
    public void CloseText()
    {
        if (_openMessage is { } id)
        {
            log.Append("TEXT_MESSAGE_END", w => w.WriteString("messageId", id));
            _openMessage = null;
            _openSourceId = null;
        }
    }

    /// <summary>Writes <c>usage</c> (AG-UI <c>TokenUsage[]</c>) when the model reported any.</summary>
    public void WriteUsage(Utf8JsonWriter writer, string? provider)
    {
        if (_usage.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("usage");
        foreach (var (model, usage) in _usage)
        {
            writer.WriteStartObject();
            if (provider is not null)
            {
                writer.WriteString("provider", provider);
            }

            if (model.Length > 0)
            {
                writer.WriteString("model", model);
            }

            Count(writer, "inputTokens", usage.InputTokenCount);
            Count(writer, "outputTokens", usage.OutputTokenCount);
            Count(writer, "totalTokens", usage.TotalTokenCount);
            Count(writer, "reasoningTokens", usage.ReasoningTokenCount);
            Count(writer, "cachedInputTokens", usage.CachedInputTokenCount);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void Text(string? sourceId, string delta)
    {
        if (_openMessage is not null && sourceId is not null && sourceId != _openSourceId)
        {
            CloseText();
        }

        if (_openMessage is null)
        {
            var id = sourceId ?? $"{runId}:message:{++_messages}";
            _openMessage = id;
            _openSourceId = sourceId;
            log.Append("TEXT_MESSAGE_START", w =>
            {
                w.WriteString("messageId", id);
                w.WriteString("role", "assistant");
            });
        }

        var messageId = _openMessage;
        log.Append("TEXT_MESSAGE_CONTENT", w =>
        {
            w.WriteString("messageId", messageId);
            w.WriteString("delta", delta);
        });
    }

    private void ToolCall(FunctionCallContent call, string? parentMessageId)
    {
        CloseText();
        if (!_calls.Add(call.CallId))
        {
            return; // The client has it: from an approval request earlier in this run, or from the conversation.
        }

        var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), Compact.GetTypeInfo(typeof(IDictionary<string, object?>)));
        log.Append("TOOL_CALL_START", w =>
        {
            w.WriteString("toolCallId", call.CallId);
            w.WriteString("toolCallName", call.Name);
            if (parentMessageId is not null)
            {
                w.WriteString("parentMessageId", parentMessageId);
            }
        });
        log.Append("TOOL_CALL_ARGS", w =>
        {
            w.WriteString("toolCallId", call.CallId);
            w.WriteString("delta", arguments);
        });
        log.Append("TOOL_CALL_END", w => w.WriteString("toolCallId", call.CallId));
    }

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
        var value => JsonSerializer.Serialize(value, Compact.GetTypeInfo(typeof(object))),
    };

    private static void Count(Utf8JsonWriter writer, string name, long? count)
    {
        if (count is { } value && value >= 0)
        {
            writer.WriteNumber(name, value);
        }
    }
}
