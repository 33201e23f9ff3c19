using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>One model call's step: opened with Executing, closed by <c>Complete</c> or <see cref="Fail"/>.</summary>
internal sealed class ModelCall
{
    /// <summary>Why a call was not run when the caller stopped reading the response stream.</summary>
    public const string AbandonedReason = "the response stream was abandoned before it ended";

    private readonly TrackedRequest _request;
    private readonly TrackingSession _session;
    private readonly int _step;
    private readonly DateTimeOffset _started;
    private ModelCallData _data;
    private TimeSpan? _firstChunk;
    private int _closed;

    public ModelCall(TrackedRequest request, IChatClient inner, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        _request = request;
        _session = request.Session;
        _step = _session.ReserveStep();

        var (isOpenAI, defaultModelId) = _session.Pipeline.Provider(inner);
        var modelId = options?.ModelId ?? defaultModelId;

        // Counted per request, not from the tool results sent: a service that keeps the conversation (responses with a
        // ConversationId) is sent only the new results.
        var iteration = request.NextIteration();
        _data = new ModelCallData(modelId, iteration);

        var description = iteration > 1 || EndsWithToolResults(messages)
            ? ChatStatusMessages.SendingToolResults
            : isOpenAI ? ChatStatusMessages.WaitingOpenAI : ChatStatusMessages.WaitingForModel(modelId);

        // The Executing status's own timestamp is the start: one clock read fewer per call.
        _started = _session.Report(_step, StatusState.Executing, description, _data)?.Timestamp ?? _session.Now;
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

    public void FirstChunk() => _firstChunk ??= _session.Now - _started;

    /// <summary>Closes the step with a whole response, then opens a step per requested tool call.</summary>
    public void Complete(ChatResponse response, ChatOptions? options)
    {
        List<FunctionCallContent>? calls = null;
        HashSet<string>? answered = null;
        foreach (var message in response.Messages)
        {
            AddCalls(message.Contents, ref calls, ref answered);
        }

        Complete(WithoutAnswered(calls, answered), response.Usage, response.ModelId, options);
    }

    /// <summary>Closes the step with what a stream delivered, then opens a step per requested tool call.</summary>
    public void Complete(IList<AIContent> contents, UsageDetails? usage, string? responseModelId, ChatOptions? options)
    {
        List<FunctionCallContent>? calls = null;
        HashSet<string>? answered = null;
        AddCalls(contents, ref calls, ref answered);
        Complete(WithoutAnswered(calls, answered), usage, responseModelId, options);
    }

    private static void AddCalls(IList<AIContent> contents, ref List<FunctionCallContent>? calls, ref HashSet<string>? answered)
    {
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionCallContent { InformationalOnly: false } call)
            {
                (calls ??= []).Add(call);
            }
            else if (contents[i] is FunctionResultContent result)
            {
                (answered ??= new(StringComparer.Ordinal)).Add(result.CallId);
            }
        }
    }

    // A call whose result is in the same response was run by the service (a hosted tool): the function-invocation
    // client marks it informational and runs nothing, so it is no call of the pipeline's.
    private static List<FunctionCallContent>? WithoutAnswered(List<FunctionCallContent>? calls, HashSet<string>? answered)
    {
        if (calls is null || answered is null)
        {
            return calls;
        }

        calls.RemoveAll(call => answered.Contains(call.CallId));
        return calls.Count == 0 ? null : calls;
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

        // The function-invocation client runs no call once the request has made its iteration limit of model calls
        // before this one, and turns every call of a response into an approval request when one of them needs approval.
        var pastLimit = _data.Iteration > pipeline.MaximumIterations;
        var askApproval = !pastLimit && AnyNeedsApproval(calls, options);
        foreach (var call in calls)
        {
            var step = _session.ReserveStep();
            var data = pipeline.ToolData(call);
            if (pastLimit)
            {
                // This response's options carry no tools: a name this pipeline never found before counts as made up
                // (metrics stay bounded, and the cache is not filled with it).
                var known = pipeline.TryGetSentences(call.Name, out var seen);
                _session.NotRun(step, known ? data : data with { IsKnownTool = false }, seen ?? new ToolSentences(call.Name), "the request reached its iteration limit");
                continue;
            }

            if (pipeline.FindTool(call.Name, options) is null)
            {
                // The function-invocation client answers unknown tools itself, without invoking anything: say so here.
                // The name is the model's invention: its sentences are not cached.
                _session.Report(step, StatusState.Failed, new ToolSentences(call.Name).NotFound, data with { IsKnownTool = false });
                continue;
            }

            var sentences = pipeline.SentencesFor(call.Name);

            // A call waiting for approval waits for the next request, which carries the answer.
            var waiting = _session.Remember(call, step, data, sentences, queued: !askApproval);
            if (askApproval)
            {
                _session.Report(step, StatusState.Pending, sentences.AwaitingApproval, data);
            }
            else
            {
                _request.Queue(waiting);
                _session.Report(step, StatusState.Pending, sentences.Queued, data);
            }
        }
    }

    private bool AnyNeedsApproval(List<FunctionCallContent> calls, ChatOptions? options)
    {
        foreach (var call in calls)
        {
            if (_session.Pipeline.FindTool(call.Name, options)?.GetService<ApprovalRequiredAIFunction>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public void Fail(Exception exception, CancellationToken cancellationToken) =>
        Close(TrackingSession.ReasonOf(exception, cancellationToken), exception);

    /// <summary>The caller stopped reading a stream before it ended.</summary>
    public void Abandon() => Close(AbandonedReason, exception: null);

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
