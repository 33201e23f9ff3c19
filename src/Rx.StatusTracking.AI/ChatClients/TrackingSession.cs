using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>
/// One tracker as seen by one pipeline: its step numbers, the step each requested tool call was given (kept with the
/// call itself, so the invocation reports on the step the model call opened, even in a later request for a call that
/// waited for approval, and even when the model gives several calls one id), and reports that never throw into the chat.
/// </summary>
internal sealed class TrackingSession(TrackingPipeline pipeline, ChatStatusTracker tracker)
{
    private readonly WaitingToolCalls _waiting = new();
    // The function-invocation client skips an approval answer whose call id has a result: with one id for every call,
    // a later call of that id is never run.
    private const string SettledReason = "its call id already has a result in the conversation";

    private static readonly string GivenUpReason =
        $"no longer tracked: more than {WaitingToolCalls.MaxAwaitingApproval} calls waited for an approval";

    private long _generation = tracker.ResetCount;

    public TrackingPipeline Pipeline => pipeline;

    public DateTimeOffset Now => tracker.Scheduler.Now;

    /// <summary>The next free step of the tracker (see <see cref="ChatStatusTracker.ReserveStep"/>): never one a status was reported on by hand.</summary>
    public int ReserveStep()
    {
        try
        {
            return tracker.ReserveStep();
        }
        catch (InvalidOperationException exhausted)
        {
            // Only after a step int.MaxValue: report on it, the tracker refuses, and the refusal is logged.
            pipeline.ReportRefused(int.MaxValue, StatusState.Pending, exhausted);
            return int.MaxValue;
        }
    }

    /// <summary>
    /// Remembers a requested call's step until it is invoked, answered or failed as not run; forgets calls remembered
    /// before a reset. <paramref name="queued"/> when a request will invoke it (not waiting for an approval).
    /// </summary>
    public WaitingToolCall Remember(FunctionCallContent call, int step, ToolCallData data, ToolSentences sentences, bool queued)
    {
        var generation = tracker.ResetCount;
        if (generation != Interlocked.Read(ref _generation))
        {
            Interlocked.Exchange(ref _generation, generation);
            _waiting.RemoveOtherThan(generation);
        }

        var waiting = new WaitingToolCall(call, step, data, sentences, generation);
        if (_waiting.Add(waiting, queued) is { } givenUp && IsCurrent(givenUp))
        {
            // Not "not run": the function-invocation client still runs it if an approval comes, then on a step of its own.
            Report(givenUp.Step, StatusState.Failed, givenUp.Sentences.Failed(GivenUpReason), givenUp.Data);
        }

        return waiting;
    }

    // A call remembered before the tracker's last reset no longer has a step.
    private bool IsCurrent(WaitingToolCall call) => call.Generation == tracker.ResetCount;

    /// <summary>
    /// Begins a request. Its approval answers settle the calls that waited for them: a rejected call is failed as not
    /// run, an approved one becomes a call of this request (so it is failed as not run if the request ends first).
    /// </summary>
    /// <param name="messages">The request's messages; made a list when they must be read here, so they are read once.</param>
    public TrackedRequest Begin(ref IEnumerable<ChatMessage> messages)
    {
        var request = new TrackedRequest(this);
        if (_waiting.IsEmpty)
        {
            return request;
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        messages = list;
        HashSet<string>? results = null;
        var resultsRead = false;
        for (var i = 0; i < list.Count; i++)
        {
            foreach (var content in list[i].Contents)
            {
                if (content is not ToolApprovalResponseContent { ToolCall: FunctionCallContent { InformationalOnly: false } call } answer)
                {
                    continue;
                }

                // As the function-invocation client does: an answer whose call id has a result was acted on already.
                if (!resultsRead)
                {
                    results = ResultCallIds(list);
                    resultsRead = true;
                }

                var settled = results?.Contains(call.CallId) == true;
                if (_waiting.Answer(call, answer.Approved, settled) is not { } answered)
                {
                    continue;
                }

                if (answer.Approved && !settled)
                {
                    request.Queue(answered);
                }
                else if (IsCurrent(answered))
                {
                    NotRun(answered.Step, answered.Data, answered.Sentences, settled ? SettledReason : "its approval was rejected");
                }
            }
        }

        return request;
    }

    private static HashSet<string>? ResultCallIds(IReadOnlyList<ChatMessage> messages)
    {
        HashSet<string>? ids = null;
        for (var i = 0; i < messages.Count; i++)
        {
            foreach (var content in messages[i].Contents)
            {
                if (content is FunctionResultContent result)
                {
                    (ids ??= new(StringComparer.Ordinal)).Add(result.CallId);
                }
            }
        }

        return ids;
    }

    /// <summary>Fails a call a request queued if it still waits (see <see cref="NotRun(int, ToolCallData, ToolSentences, string)"/>).</summary>
    public void NotRun(WaitingToolCall call, string reason)
    {
        if (_waiting.Remove(call) && IsCurrent(call))
        {
            NotRun(call.Step, call.Data, call.Sentences, reason);
        }
    }

    /// <summary>Fails a tool call that will never run: "The X tool failed: not run: <paramref name="reason"/>."</summary>
    public void NotRun(int step, ToolCallData data, ToolSentences sentences, string reason) =>
        Report(step, StatusState.Failed, sentences.NotRun(reason), data);

    /// <summary>
    /// The function-invocation hook: reports Executing, then Completed or Failed, around each invocation; a tool that
    /// sets <see cref="FunctionInvocationContext.Terminate"/> is recorded as the one that ended <paramref name="request"/>.
    /// </summary>
    public async ValueTask<object?> InvokeAsync(
        TrackedRequest request,
        FunctionInvocationContext context,
        CancellationToken cancellationToken,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next)
    {
        var call = context.CallContent;
        var (step, data, sentences) = _waiting.TakeInvoked(call) is { } known && IsCurrent(known)
            ? (known.Step, known.Data, known.Sentences)
            : (ReserveStep(), pipeline.ToolData(call), pipeline.SentencesFor(context.Function.Name));

        // The Executing status's own timestamp is the start: one clock read fewer per tool call.
        var started = Report(step, StatusState.Executing, sentences.Executing, data)?.Timestamp ?? Now;
        try
        {
            var result = next is null
                ? await context.Function.InvokeAsync(context.Arguments, cancellationToken).ConfigureAwait(false)
                : await next(context, cancellationToken).ConfigureAwait(false);
            Report(step, StatusState.Completed, sentences.Completed, data with { Duration = Now - started });
            if (context.Terminate)
            {
                request.EndedBy(sentences);
            }

            return result;
        }
        catch (Exception exception)
        {
            var description = sentences.Failed(ReasonOf(exception, cancellationToken));
            Report(step, StatusState.Failed, description, data with { Duration = Now - started }, exception);
            throw;
        }
    }

    /// <summary>
    /// Reports to the tracker and never throws: a strict tracker's refusal (a step reported on by hand, a
    /// completed tracker, a description too long) is logged, and the chat goes on.
    /// </summary>
    /// <returns>The recorded status, or <see langword="null"/> when the tracker threw.</returns>
    public ChatStatus? Report(int step, StatusState state, string description, object data, Exception? error = null)
    {
        try
        {
            return state switch
            {
                StatusState.Pending => tracker.Pending(step, description, data),
                StatusState.Executing => tracker.Executing(step, description, data),
                StatusState.Completed => tracker.Completed(step, description, data),
                _ when error is null => tracker.Failed(step, description, data),
                _ => tracker.Failed(step, description, error, data),
            };
        }
        catch (Exception refusal)
        {
            pipeline.ReportRefused(step, state, refusal);
            return null;
        }
    }

    /// <summary>What a failure says: "cancelled" when the caller cancelled, else the exception's message.</summary>
    public static string ReasonOf(Exception exception, CancellationToken cancellationToken) =>
        IsCancellation(exception, cancellationToken) ? "cancelled" : exception.Message;

    /// <summary>Whether <paramref name="exception"/> is the caller's cancellation rather than a failure.</summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
