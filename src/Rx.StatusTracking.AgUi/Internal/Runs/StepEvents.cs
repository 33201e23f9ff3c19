using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// Turns a run's tracked statuses into AG-UI events: a step's first status opens it (<c>STEP_STARTED</c>, step name
/// <c>step-{n}</c>, unique while active) and sends its <c>status</c> activity (<c>ACTIVITY_SNAPSHOT</c>, message id
/// <c>{runId}:status:{n}</c>); each later change of the step is an <c>ACTIVITY_DELTA</c> patching it; a terminal status
/// (Completed, Failed) closes it (<c>STEP_FINISHED</c>), and a step that runs again after a failure opens again. Called by
/// the tracker's serialized delivery, so one status at a time. The steps of calls of client tools (declared in
/// <c>RunAgentInput.tools</c>, run by the client) are left out: the client gets the call as <c>TOOL_CALL_*</c> events and
/// runs it, while the tracking below ends such a call's step "not run" when the request hands it back.
/// </summary>
internal sealed class StepEvents(string runId, RunLog log, IReadOnlySet<string> clientTools)
{
    public const string ActivityType = "status";

    private readonly Dictionary<int, StepActivity> _activities = [];
    private readonly Dictionary<int, ChatStatus> _latest = [];
    private readonly SortedSet<int> _open = [];

    // Written on the delivering thread, read by the run's ending on the run's thread.
    private readonly HashSet<int> _clientToolCalls = [];

    public void On(ChatStatus status)
    {
        if (status.IsReset)
        {
            return; // A tracker reset starts over within the tracker; the client keeps what it was shown.
        }

        var step = status.Step;
        if (status.Data is ToolCallData call && clientTools.Contains(call.ToolName))
        {
            lock (_clientToolCalls)
            {
                _clientToolCalls.Add(step);
            }

            return;
        }

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

    /// <summary>Whether <paramref name="step"/> is the call of a client tool (left out of the events).</summary>
    public bool IsClientToolCall(int step)
    {
        lock (_clientToolCalls)
        {
            return _clientToolCalls.Contains(step);
        }
    }

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
