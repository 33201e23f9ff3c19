using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>
/// One tracker as seen by one pipeline: its step numbers, the step each requested tool call was given (by call id,
/// so the invocation reports on the step the model call opened, even requests later for a call that waited for
/// approval), and reports that never throw into the chat.
/// </summary>
internal sealed class TrackingSession(TrackingPipeline pipeline, ChatStatusTracker tracker)
{
    private readonly ConcurrentDictionary<string, RequestedTool> _requested = new(StringComparer.Ordinal);
    private long _generation = tracker.ResetCount;

    // How many calls _requested holds: ConcurrentDictionary.IsEmpty takes every lock when it is empty, and it is
    // asked at the start of every request.
    private int _waiting;

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

    /// <summary>Remembers a requested call's step until it is invoked or answered; forgets calls remembered before a reset.</summary>
    public void RememberToolStep(string callId, int step, ToolCallData data, ToolSentences sentences)
    {
        var generation = tracker.ResetCount;
        if (generation != Interlocked.Read(ref _generation))
        {
            Interlocked.Exchange(ref _generation, generation);
            foreach (var entry in _requested)
            {
                if (entry.Value.Generation != generation && _requested.TryRemove(entry))
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }
        }

        var requested = new RequestedTool(step, data, sentences, generation);
        if (_requested.TryAdd(callId, requested))
        {
            Interlocked.Increment(ref _waiting);
        }
        else
        {
            _requested[callId] = requested;
        }
    }

    /// <summary>Takes a remembered call out; one remembered before the tracker's last reset no longer has a step.</summary>
    private bool Forget(string callId, out RequestedTool requested) =>
        _requested.TryRemove(callId, out requested) && Forgotten(requested);

    /// <summary>Like <see cref="Forget(string, out RequestedTool)"/>, only while the call id still names the call on <paramref name="step"/> (a model may reuse ids).</summary>
    private bool Forget(string callId, int step, out RequestedTool requested) =>
        _requested.TryGetValue(callId, out requested) && requested.Step == step && _requested.TryRemove(new(callId, requested)) && Forgotten(requested);

    private bool Forgotten(RequestedTool requested)
    {
        Interlocked.Decrement(ref _waiting);
        return requested.Generation == tracker.ResetCount;
    }

    /// <summary>
    /// Begins a request. Its approval answers settle the calls that waited for them: a rejected call is failed as not
    /// run, an approved one becomes a call of this request (so it is failed as not run if the request ends first).
    /// </summary>
    /// <param name="messages">The request's messages; made a list when they must be read here, so they are read once.</param>
    public TrackedRequest Begin(ref IEnumerable<ChatMessage> messages)
    {
        var request = new TrackedRequest(this);
        if (Volatile.Read(ref _waiting) == 0)
        {
            return request;
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        messages = list;
        for (var i = 0; i < list.Count; i++)
        {
            foreach (var content in list[i].Contents)
            {
                if (content is not ToolApprovalResponseContent { ToolCall: FunctionCallContent call } answer)
                {
                    continue;
                }

                if (!answer.Approved)
                {
                    if (Forget(call.CallId, out var rejected))
                    {
                        NotRun(rejected.Step, rejected.Data, rejected.Sentences, "its approval was rejected");
                    }
                }
                else if (_requested.TryGetValue(call.CallId, out var approved))
                {
                    request.Queue(call.CallId, approved.Step);
                }
            }
        }

        return request;
    }

    /// <summary>Fails a call a request queued on <paramref name="step"/> if it is still waiting (see <see cref="NotRun(int, ToolCallData, ToolSentences, string)"/>).</summary>
    public void NotRun(string callId, int step, string reason)
    {
        if (Forget(callId, step, out var call))
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
        var requested = Forget(call.CallId, out var known)
            ? known
            : new RequestedTool(ReserveStep(), pipeline.ToolData(call), pipeline.SentencesFor(context.Function.Name), Generation: 0);

        // The Executing status's own timestamp is the start: one clock read fewer per tool call.
        var started = Report(requested.Step, StatusState.Executing, requested.Sentences.Executing, requested.Data)?.Timestamp ?? Now;
        try
        {
            var result = next is null
                ? await context.Function.InvokeAsync(context.Arguments, cancellationToken).ConfigureAwait(false)
                : await next(context, cancellationToken).ConfigureAwait(false);
            Report(requested.Step, StatusState.Completed, requested.Sentences.Completed, requested.Data with { Duration = Now - started });
            if (context.Terminate)
            {
                request.EndedBy(requested.Sentences);
            }

            return result;
        }
        catch (Exception exception)
        {
            var description = requested.Sentences.Failed(ReasonOf(exception, cancellationToken));
            Report(requested.Step, StatusState.Failed, description, requested.Data with { Duration = Now - started }, exception);
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

    private readonly record struct RequestedTool(int Step, ToolCallData Data, ToolSentences Sentences, long Generation);
}
