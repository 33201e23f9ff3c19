using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// One model call's step: opened with Executing, closed by <c>Complete</c> (which then has the tool calls the response
/// asked for opened) or by <see cref="Fail"/> or <see cref="Abandon"/>.
/// </summary>
internal sealed class ModelCall
{
    /// <summary>Why a call was not run when the caller stopped reading the response stream.</summary>
    public const string AbandonedReason = "the response stream was abandoned before it ended";

    private readonly TrackedRequest _request;
    private readonly TrackerReporter _reporter;
    private readonly ToolCallOpener _toolCalls;
    private readonly int _step;
    private readonly DateTimeOffset _started;
    private ModelCallData _data;
    private TimeSpan? _firstChunk;
    private int _closed;

    /// <param name="request">The request the call belongs to: the tool calls its response asks for are queued in it.</param>
    /// <param name="reporter">The request's tracker.</param>
    /// <param name="toolCalls">Opens the steps of the tool calls the response asks for.</param>
    /// <param name="iteration">
    /// Which model call of the request this is (1 for the first). Counted per request, not from the tool results sent:
    /// a service that keeps the conversation (responses with a ConversationId) is sent only the new results.
    /// </param>
    /// <param name="model">The model client's provider and default model.</param>
    /// <param name="messages">The messages sent to the model.</param>
    /// <param name="options">The options sent to the model.</param>
    public ModelCall(TrackedRequest request, TrackerReporter reporter, ToolCallOpener toolCalls, int iteration, ModelFacts model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        _request = request;
        _reporter = reporter;
        _toolCalls = toolCalls;
        _step = reporter.ReserveStep();

        var modelId = options?.ModelId ?? model.DefaultModelId;
        _data = new ModelCallData(modelId, iteration);

        var description = iteration > 1 || EndsWithToolResults(messages)
            ? ChatStatusMessages.SendingToolResults
            : model.IsOpenAI ? ChatStatusMessages.WaitingOpenAI : ChatStatusMessages.WaitingForModel(modelId);

        // The Executing status's own timestamp is the start: one clock read fewer per call.
        _started = reporter.Report(_step, StatusState.Executing, description, _data)?.Timestamp ?? reporter.Now;
    }

    // Every call after a request's first sends tool results back; the first does when the request answers approvals
    // (the function-invocation client runs the approved calls and sends their results).
    private static bool EndsWithToolResults(IEnumerable<ChatMessage> messages)
    {
        if (messages is not IList<ChatMessage> { Count: > 0 } list)
        {
            return false;
        }

        foreach (var content in list[^1].Contents)
        {
            if (content is FunctionResultContent)
            {
                return true;
            }
        }

        return false;
    }

    public void FirstChunk() => _firstChunk ??= _reporter.Now - _started;

    /// <summary>Closes the step with a whole response, then opens a step per requested tool call.</summary>
    public void Complete(ChatResponse response, ChatOptions? options) =>
        Complete(RequestedToolCalls.In(response), response.Usage, response.ModelId, options);

    /// <summary>Closes the step with what a stream delivered, then opens a step per requested tool call.</summary>
    public void Complete(IList<AIContent> contents, UsageDetails? usage, string? responseModelId, ChatOptions? options) =>
        Complete(RequestedToolCalls.In(contents), usage, responseModelId, options);

    private void Complete(List<FunctionCallContent>? calls, UsageDetails? usage, string? responseModelId, ChatOptions? options)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _data = _data with
        {
            ModelId = responseModelId ?? _data.ModelId,
            Duration = _reporter.Now - _started,
            TimeToFirstChunk = _firstChunk,
            InputTokens = usage?.InputTokenCount,
            OutputTokens = usage?.OutputTokenCount,
            TotalTokens = usage?.TotalTokenCount,
            ToolCalls = calls?.Count ?? 0,
        };

        if (calls is null)
        {
            _reporter.Report(_step, StatusState.Completed, ChatStatusMessages.ReceivedFinal, _data);
            return;
        }

        _reporter.Report(_step, StatusState.Completed, ChatStatusMessages.ReceivedResponse, _data);
        _toolCalls.Open(_request, calls, _data.Iteration, options);
    }

    public void Fail(Exception exception, CancellationToken cancellationToken) =>
        Close(FailureReason.Of(exception, cancellationToken), exception);

    /// <summary>The caller stopped reading a stream before it ended.</summary>
    public void Abandon() => Close(AbandonedReason, exception: null);

    private void Close(string reason, Exception? exception)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        var data = _data with { Duration = _reporter.Now - _started, TimeToFirstChunk = _firstChunk };
        _reporter.Report(_step, StatusState.Failed, ChatStatusMessages.ModelFailed(reason), data, exception);
    }
}
