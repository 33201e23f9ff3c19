using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>One model call's step: opened with Executing, closed by <c>Complete</c> or <see cref="Fail"/>.</summary>
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
        _step = session.ReserveStep();

        var (isOpenAI, defaultModelId) = session.Pipeline.Provider(inner);
        var modelId = options?.ModelId ?? defaultModelId;
        var iteration = 1 + ToolResultsSinceQuestion(messages);
        _data = new ModelCallData(modelId, iteration);

        var description = iteration > 1
            ? ChatStatusMessages.SendingToolResults
            : isOpenAI ? ChatStatusMessages.WaitingOpenAI : ChatStatusMessages.WaitingForModel(modelId);

        // The Executing status's own timestamp is the start: one clock read fewer per call.
        _started = session.Report(_step, StatusState.Executing, description, _data)?.Timestamp ?? session.Now;
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

    /// <summary>Closes the step with a whole response, then opens a step per requested tool call.</summary>
    public void Complete(ChatResponse response, ChatOptions? options)
    {
        List<FunctionCallContent>? calls = null;
        foreach (var message in response.Messages)
        {
            AddCalls(message.Contents, ref calls);
        }

        Complete(calls, response.Usage, response.ModelId, options);
    }

    /// <summary>Closes the step with what a stream delivered, then opens a step per requested tool call.</summary>
    public void Complete(IList<AIContent> contents, UsageDetails? usage, string? responseModelId, ChatOptions? options)
    {
        List<FunctionCallContent>? calls = null;
        AddCalls(contents, ref calls);
        Complete(calls, usage, responseModelId, options);
    }

    private static void AddCalls(IList<AIContent> contents, ref List<FunctionCallContent>? calls)
    {
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionCallContent { InformationalOnly: false } call)
            {
                (calls ??= []).Add(call);
            }
        }
    }

    private void Complete(List<FunctionCallContent>? calls, UsageDetails? usage, string? responseModelId, ChatOptions? options)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _data = _data with
        {
            ModelId = responseModelId ?? _data.ModelId,
            Duration = _session.Now - _started,
            TimeToFirstChunk = _firstChunk,
            InputTokens = usage?.InputTokenCount,
            OutputTokens = usage?.OutputTokenCount,
            TotalTokens = usage?.TotalTokenCount,
            ToolCalls = calls?.Count ?? 0,
        };

        if (calls is null)
        {
            _session.Report(_step, StatusState.Completed, ChatStatusMessages.ReceivedFinal, _data);
            return;
        }

        _session.Report(_step, StatusState.Completed, ChatStatusMessages.ReceivedResponse, _data);
        var pipeline = _session.Pipeline;
        foreach (var call in calls)
        {
            var step = _session.ReserveStep();
            var data = pipeline.ToolData(call);
            var sentences = pipeline.SentencesFor(call.Name);
            var tool = pipeline.FindTool(call.Name, options);
            if (tool is null)
            {
                // The function-invocation client answers unknown tools itself, without invoking anything: say so here.
                _session.Report(step, StatusState.Failed, sentences.NotFound, data);
                continue;
            }

            _session.RememberToolStep(call.CallId, step, data, sentences);
            var waitsForApproval = tool.GetService<ApprovalRequiredAIFunction>() is not null;
            _session.Report(step, StatusState.Pending, waitsForApproval ? sentences.AwaitingApproval : sentences.Queued, data);
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
        _session.Report(_step, StatusState.Failed, ChatStatusMessages.ModelFailed(reason), data, exception);
    }
}
