using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// Turns a run's tracked statuses into AG-UI events: a step's first status opens it (<c>STEP_STARTED</c>, step name
/// <c>step-{n}</c>, unique while active) and sends its <c>status</c> activity (<c>ACTIVITY_SNAPSHOT</c>, message id
/// <c>{runId}:status:{n}</c>); each later change of the step is an <c>ACTIVITY_DELTA</c> patching it; a terminal status
/// (Completed, Failed) closes it (<c>STEP_FINISHED</c>), and a step that runs again after a failure opens again. Called by
/// the tracker's serialized delivery, so one status at a time.
/// </summary>
internal sealed class StepEvents(string runId, RunLog log)
{
    public const string ActivityType = "status";

    private readonly Dictionary<int, StepActivity> _activities = [];
    private readonly Dictionary<int, ChatStatus> _latest = [];
    private readonly SortedSet<int> _open = [];

    public void On(ChatStatus status)
    {
        if (status.IsReset)
        {
            return; // A tracker reset starts over within the tracker; the client keeps what it was shown.
        }

        var step = status.Step;
        _latest[step] = status;
        if (_open.Add(step))
        {
            log.Append("STEP_STARTED", w => w.WriteString("stepName", StepName(step)));
        }

        var activity = StepActivity.Of(status);
        if (_activities.TryGetValue(step, out var before))
        {
            if (activity != before)
            {
                log.Append("ACTIVITY_DELTA", w =>
                {
                    w.WriteString("messageId", MessageId(step));
                    w.WriteString("activityType", ActivityType);
                    activity.WritePatch(w, before);
                });
            }
        }
        else
        {
            log.Append("ACTIVITY_SNAPSHOT", w =>
            {
                w.WriteString("messageId", MessageId(step));
                w.WriteString("activityType", ActivityType);
                activity.WriteContent(w);
                w.WriteBoolean("replace", true);
            });
        }

        _activities[step] = activity;
        if (status.IsTerminal)
        {
            _open.Remove(step);
            log.Append("STEP_FINISHED", w => w.WriteString("stepName", StepName(step)));
        }
    }

    /// <summary>The steps waiting for input when the run ended, in step order.</summary>
    public IEnumerable<ChatStatus> AwaitingInput =>
        _latest.Values.Where(s => s.State == StatusState.AwaitingInput).OrderBy(s => s.Step);

    /// <summary>Closes every step still open (a run may not finish with open steps); their activities keep their last state.</summary>
    public void CloseAll()
    {
        foreach (var step in _open)
        {
            log.Append("STEP_FINISHED", w => w.WriteString("stepName", StepName(step)));
        }

        _open.Clear();
    }

    /// <summary>The interrupt id of a step waiting for input: its tool call's id when it is one, else the step's.</summary>
    public string InterruptIdOf(ChatStatus status) => status.Data is ToolCallData call ? call.CallId : $"{runId}:step:{status.Step}";

    public static string StepName(int step) => $"step-{step}";

    public string MessageId(int step) => $"{runId}:status:{step}";
}
