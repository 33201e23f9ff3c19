using System.Runtime.CompilerServices;
using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// The tool calls of one tracker that wait for a person's approval: asked for in one run, run (or rejected) in a later
/// one, on the step that waited. Bounded, like the AI package's: one more than <see cref="Limit"/> ends the oldest.
/// </summary>
internal sealed class ApprovalWaits
{
    public const int Limit = 1024;

    private static readonly ConditionalWeakTable<ChatStatusTracker, ApprovalWaits> PerTracker = new();

    private readonly OrderedDictionary<string, (TrackedStep Step, ToolCallData Data)> _waiting = new(StringComparer.Ordinal);

    /// <summary>The waiting calls of <paramref name="tracker"/>, shared by every agent reporting to it.</summary>
    public static ApprovalWaits Of(ChatStatusTracker tracker) => PerTracker.GetOrCreateValue(tracker);

    public void Add(TrackedStep step, ToolCallData data)
    {
        (TrackedStep Step, ToolCallData Data)? evicted = null;
        lock (_waiting)
        {
            _waiting[data.CallId] = (step, data);
            if (_waiting.Count > Limit)
            {
                evicted = _waiting.GetAt(0).Value;
                _waiting.RemoveAt(0);
            }
        }

        if (evicted is { } oldest)
        {
            var reason = $"no longer tracked: more than {Limit} calls waited for an approval";
            oldest.Step.Report(StatusState.Failed, ChatStatusMessages.ToolFailed(oldest.Data.ToolName, reason), oldest.Data);
        }
    }

    public bool TryTake(string callId, out (TrackedStep Step, ToolCallData Data) waiting)
    {
        lock (_waiting)
        {
            return _waiting.Remove(callId, out waiting);
        }
    }
}
