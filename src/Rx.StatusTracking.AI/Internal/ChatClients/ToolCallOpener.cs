using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Opens a step for each tool call a model response asked for, as the function-invocation client will treat it: not
/// run past the request's iteration limit, not found, waiting for an approval, or queued to run in the request.
/// </summary>
internal sealed class ToolCallOpener(TrackerReporter reporter, PendingToolCalls pending, ArgumentRecorder arguments, ToolSentenceCache sentences, ToolLookup tools)
{
    private const string PastLimitReason = "the request reached its iteration limit";

    /// <summary>Opens the steps of <paramref name="calls"/>, asked for by model call <paramref name="iteration"/> of <paramref name="request"/>.</summary>
    public void Open(TrackedRequest request, List<FunctionCallContent> calls, int iteration, ChatOptions? options)
    {
        // The function-invocation client runs no call once the request has made its iteration limit of model calls
        // before this one, and turns every call of a response into an approval request when one of them needs approval.
        var pastLimit = iteration > tools.MaximumIterations;
        var askApproval = !pastLimit && tools.AnyNeedsApproval(calls, options);
        foreach (var call in calls)
        {
            var step = reporter.ReserveStep();
            var data = arguments.DataOf(call);
            if (pastLimit)
            {
                // This response's options carry no tools: a name this pipeline never found before counts as made up
                // (metrics stay bounded, and the cache is not filled with it).
                var known = sentences.TryGet(call.Name, out var seen);
                reporter.NotRun(step, known ? data : data with { IsKnownTool = false }, seen ?? new ToolSentences(call.Name), PastLimitReason);
                continue;
            }

            if (tools.Find(call.Name, options) is null)
            {
                // The function-invocation client answers unknown tools itself, without invoking anything: say so here.
                // The name is the model's invention: its sentences are not cached.
                reporter.Report(step, StatusState.Failed, new ToolSentences(call.Name).NotFound, data with { IsKnownTool = false });
                continue;
            }

            var toolSentences = sentences.For(call.Name);

            // A call waiting for approval waits for a person, in the next request, which carries the answer.
            var waiting = pending.Remember(call, step, data, toolSentences, queued: !askApproval);
            if (askApproval)
            {
                reporter.Report(step, StatusState.AwaitingInput, toolSentences.AwaitingApproval, data);
            }
            else
            {
                request.Queue(waiting);
                reporter.Report(step, StatusState.Pending, toolSentences.Queued, data);
            }
        }
    }
}
