using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>One model call's step: opened with Executing, closed by <see cref="Complete"/> or <see cref="Fail"/>.</summary>
internal sealed class ModelCall
{
    private readonly TrackingSession _session;
    private readonly int _step;
    private readonly DateTimeOffset _started;
    private ModelCallData _data;
    private TimeSpan? _firstChunk;
    private int _closed;

    public ModelCall(TrackingSession session, IChatClient inner, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        _session = session;
        _step = session.NextStep();

        var (isOpenAI, defaultModelId) = session.Provider(inner);
        var modelId = options?.ModelId ?? defaultModelId;
        var iteration = 1 + ToolResultsSinceQuestion(messages);
        _data = new ModelCallData(modelId, iteration);

        var description = iteration > 1
            ? ChatStatusMessages.SendingToolResults
            : isOpenAI ? ChatStatusMessages.WaitingOpenAI : ChatStatusMessages.WaitingForModel(modelId);

        // The Executing status's own timestamp is the start: one clock read fewer per call.
        _started = session.Tracker.Executing(_step, description, _data).Timestamp;
    }

    // Iteration n sends the results of n - 1 rounds of tool calls: count tool-result messages after the last user message.
    private static int ToolResultsSinceQuestion(IEnumerable<ChatMessage> messages)
    {
        var history = messages as IList<ChatMessage> ?? [.. messages];
        var rounds = 0;
        for (var i = history.Count - 1; i >= 0 && history[i].Role != ChatRole.User; i--)
        {
            foreach (var content in history[i].Contents)
            {
                if (content is FunctionResultContent)
                {
                    rounds++;
                    break;
                }
            }
        }

        return rounds;
    }

    public void FirstChunk() => _firstChunk ??= _session.Now - _started;

    /// <summary>Closes the step with the response, then opens a step per requested tool call.</summary>
    public void Complete(IEnumerable<AIContent> contents, UsageDetails? usage, string? responseModelId, ChatOptions? options)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        var calls = new List<FunctionCallContent>();
        foreach (var content in contents)
        {
            if (content is FunctionCallContent { InformationalOnly: false } call)
            {
                calls.Add(call);
            }
        }

        _data = _data with
        {
            ModelId = responseModelId ?? _data.ModelId,
            Duration = _session.Now - _started,
            TimeToFirstChunk = _firstChunk,
            InputTokens = usage?.InputTokenCount,
            OutputTokens = usage?.OutputTokenCount,
            TotalTokens = usage?.TotalTokenCount,
            ToolCalls = calls.Count,
        };

        var tracker = _session.Tracker;
        if (calls.Count == 0)
        {
            tracker.Completed(_step, ChatStatusMessages.ReceivedFinal, _data);
            return;
        }

        tracker.Completed(_step, ChatStatusMessages.ReceivedResponse, _data);
        foreach (var call in calls)
        {
            var step = _session.NextStep();
            var data = _session.ToolData(call);
            var sentences = _session.SentencesFor(call.Name);
            var tool = _session.FindTool(call.Name, options);
            if (tool is null)
            {
                // The function-invocation client answers unknown tools itself, without invoking anything: say so here.
                tracker.Failed(step, sentences.NotFound, data);
                continue;
            }

            _session.RememberToolStep(call.CallId, step, data);
            var waitsForApproval = tool.GetService<ApprovalRequiredAIFunction>() is not null;
            tracker.Pending(step, waitsForApproval ? sentences.AwaitingApproval : sentences.Queued, data);
        }
    }

    public void Fail(Exception exception, CancellationToken cancellationToken) =>
        Close(TrackingSession.ReasonOf(exception, cancellationToken), exception);

    /// <summary>The caller stopped reading a stream before it ended.</summary>
    public void Abandon() => Close("the response stream was abandoned before it ended", exception: null);

    private void Close(string reason, Exception? exception)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        var data = _data with { Duration = _session.Now - _started, TimeToFirstChunk = _firstChunk };
        var description = ChatStatusMessages.ModelFailed(reason);
        if (exception is null)
        {
            _session.Tracker.Failed(_step, description, data);
        }
        else
        {
            _session.Tracker.Failed(_step, description, exception, data);
        }
    }
}
