using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>
/// One tracker as seen by one pipeline: its step numbers, the step each requested tool call was given (by call id,
/// so the invocation reports on the step the request opened, even requests later for a call that waited for
/// approval), and reports that never throw into the chat.
/// </summary>
internal sealed class TrackingSession(TrackingPipeline pipeline, ChatStatusTracker tracker)
{
    private readonly ConcurrentDictionary<string, RequestedTool> _requested = new(StringComparer.Ordinal);
    private long _generation = tracker.ResetCount;

    // How many calls _requested holds: ConcurrentDictionary.IsEmpty takes every lock when it is empty, and it is
    // asked before every model call.
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
    private bool Forget(string callId, out RequestedTool requested)
    {
        if (!_requested.TryRemove(callId, out requested))
        {
            return false;
        }

        Interlocked.Decrement(ref _waiting);
        return requested.Generation == tracker.ResetCount;
    }

    /// <summary>
    /// Before a model call: a tool call still waiting (never invoked) whose result is already in the conversation was
    /// answered without running, which the function-invocation client does when its approval was rejected. Its
    /// step is reported Failed, so it does not stay Pending for ever.
    /// </summary>
    public void SettleAnsweredWithoutInvocation(IEnumerable<ChatMessage> messages)
    {
        if (Volatile.Read(ref _waiting) == 0)
        {
            return;
        }

        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionResultContent result && Forget(result.CallId, out var waiting))
                {
                    Report(waiting.Step, StatusState.Failed, ChatStatusMessages.ToolFailed(waiting.Data.ToolName, "not run: its approval was rejected"), waiting.Data);
                }
            }
        }
    }

    /// <summary>The function-invocation hook: reports Executing, then Completed or Failed, around each invocation.</summary>
    public async ValueTask<object?> InvokeAsync(
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
            return result;
        }
        catch (Exception exception)
        {
            var description = ChatStatusMessages.ToolFailed(context.Function.Name, ReasonOf(exception, cancellationToken));
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
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : exception.Message;

    private readonly record struct RequestedTool(int Step, ToolCallData Data, ToolSentences Sentences, long Generation);
}
