using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The tool calls of one tracker that have a step and have not run yet, each with its step (kept with the call itself,
/// so an invocation reports on the step the model call opened, even in a later request for a call that waited for an
/// approval, and even when the model gives several calls one id). Ends each call that will never run as "not run", and
/// forgets the calls remembered before the tracker's last reset.
/// </summary>
internal sealed class PendingToolCalls(TrackerReporter reporter)
{
    // The function-invocation client skips an approval answer whose call id has a result: with one id for every call,
    // a later call of that id is never run.
    private const string SettledReason = "its call id already has a result in the conversation";

    private static readonly string GivenUpReason =
        $"no longer tracked: more than {WaitingToolCalls.MaxAwaitingApproval} calls waited for an approval";

    private readonly WaitingToolCalls _waiting = new();
    private long _generation = reporter.ResetCount;

    /// <summary>Whether no call waits: then a request's messages need not be read for approval answers.</summary>
    public bool IsEmpty => _waiting.IsEmpty;

    /// <summary>
    /// Remembers a requested call's step until it is invoked, answered or failed as not run; forgets calls remembered
    /// before a reset. <paramref name="queued"/> when a request will invoke it (not waiting for an approval).
    /// </summary>
    public WaitingToolCall Remember(FunctionCallContent call, int step, ToolCallData data, ToolSentences sentences, bool queued)
    {
        var generation = reporter.ResetCount;
        if (generation != Interlocked.Read(ref _generation))
        {
            Interlocked.Exchange(ref _generation, generation);
            _waiting.RemoveOtherThan(generation);
        }

        var waiting = new WaitingToolCall(call, step, data, sentences, generation);
        if (_waiting.Add(waiting, queued) is { } givenUp && IsCurrent(givenUp))
        {
            // Not "not run": the function-invocation client still runs it if an approval comes, then on a step of its own.
            reporter.Report(givenUp.Step, StatusState.Failed, givenUp.Sentences.Failed(GivenUpReason), givenUp.Data);
        }

        return waiting;
    }

    /// <summary>Takes out the call being invoked; <see langword="null"/> when none waits or it was remembered before a reset.</summary>
    public WaitingToolCall? TakeInvoked(FunctionCallContent call) =>
        _waiting.TakeInvoked(call) is { } known && IsCurrent(known) ? known : null;

    /// <summary>
    /// Applies a request's approval answers to the calls that waited for them: a rejected call is failed as not run, an
    /// approved one becomes a call of <paramref name="request"/> (so it is failed as not run if the request ends first).
    /// </summary>
    public void Answer(IReadOnlyList<ChatMessage> messages, TrackedRequest request)
    {
        HashSet<string>? results = null;
        var resultsRead = false;
        for (var i = 0; i < messages.Count; i++)
        {
            foreach (var content in messages[i].Contents)
            {
                if (content is not ToolApprovalResponseContent { ToolCall: FunctionCallContent { InformationalOnly: false } call } answer)
                {
                    continue;
                }

                // As the function-invocation client does: an answer whose call id has a result was acted on already.
                if (!resultsRead)
                {
                    results = ResultCallIds(messages);
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
                    reporter.NotRun(answered.Step, answered.Data, answered.Sentences, settled ? SettledReason : "its approval was rejected");
                }
            }
        }
    }

    /// <summary>Fails a call a request queued if it still waits: "The X tool failed: not run: <paramref name="reason"/>."</summary>
    public void NotRun(WaitingToolCall call, string reason)
    {
        if (_waiting.Remove(call) && IsCurrent(call))
        {
            reporter.NotRun(call.Step, call.Data, call.Sentences, reason);
        }
    }

    // A call remembered before the tracker's last reset no longer has a step.
    private bool IsCurrent(WaitingToolCall call) => call.Generation == reporter.ResetCount;

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
}
