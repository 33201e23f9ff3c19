using System.Diagnostics;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The state of one <see cref="StatusTelemetry.TraceTo"/> subscription: one activity per step attempt, carrying the
/// telemetry of every status of that attempt. Statuses arrive one at a time (Rx grammar).
/// </summary>
internal sealed class StepTracer(ActivitySource activitySource, ActivityContext parent, string? operationId)
{
    private readonly Dictionary<int, StepTrace> _steps = [];
    private DateTimeOffset _last;

    public void OnStatus(ChatStatus status)
    {
        _last = status.Timestamp;
        if (status.IsReset)
        {
            StopAll("The tracker was reset before the step finished.");
            _steps.Clear();
            return;
        }

        if (!_steps.TryGetValue(status.Step, out var step))
        {
            _steps.Add(status.Step, step = new StepTrace());
        }

        var telemetry = status.Data as IStatusTelemetry;
        if (step.Unrecorded)
        {
            // Nobody recorded this attempt when it started: it stays unrecorded to its end.
            step.Unrecorded = !status.IsTerminal;
            return;
        }

        if (step.Open is null)
        {
            // What the statuses before the start say (waiting ones, the starting one) goes on the activity at its creation.
            step.Name ??= telemetry?.SpanName;
            step.Waiting.SetSpanTags(telemetry);
            if (status.State is StatusState.Pending or StatusState.AwaitingInput)
            {
                // Waiting (queued, or for a person) is not running: the activity starts at the first Executing.
                step.FirstSeen ??= status.Timestamp;
                return;
            }

            // Executing starts now; a step that ends without ever executing is timed from its first status.
            var startedAt = status.State == StatusState.Executing ? status.Timestamp : step.FirstSeen ?? status.Timestamp;
            step.Open = Start(status, ++step.Attempts, startedAt, step, ParentOf(status));
            step.FirstSeen = null;
            step.Waiting.Clear();
            if (step.Open is null)
            {
                step.Unrecorded = !status.IsTerminal;
                step.Name = null;
                return;
            }
        }
        else if (step.Open.IsAllDataRequested)
        {
            TagSet.ApplySpanTags(step.Open, telemetry);
            step.Open.SetTag(StatusTelemetry.DescriptionTag, status.Description);
            if (step.Name is null && telemetry?.SpanName is { } name)
            {
                step.Open.DisplayName = step.Name = name;
            }
        }

        if (status.IsTerminal)
        {
            Stop(step.Open, status);
            step.Open = null;
            step.Name = null;
        }
    }

    public void OnError(Exception error) => StopAll($"The status stream failed: {error.Message}");

    public void OnCompleted() => StopAll("The operation ended before the step finished.");

    // A child step's span nests in its parent step's open span; a top-level step's (or one whose parent has none open) in
    // the context TraceTo was given.
    private ActivityContext ParentOf(ChatStatus status) =>
        status.ParentStep is { } parentStep && _steps.TryGetValue(parentStep, out var trace) && trace.Open is { } open ? open.Context : parent;

    private Activity? Start(ChatStatus status, int attempt, DateTimeOffset startedAt, StepTrace step, ActivityContext parentContext)
    {
        if (!activitySource.HasListeners())
        {
            return null;
        }

        // Tags given at creation are the ones a sampler sees: the statuses' (in order), then the library's own.
        var tags = step.Waiting;
        tags.Set(StatusTelemetry.StepTag, status.Step);
        tags.Set(StatusTelemetry.AttemptTag, attempt);
        tags.Set(StatusTelemetry.DescriptionTag, status.Description);
        tags.Set(StatusTelemetry.OperationIdTag, operationId);
        return activitySource.StartActivity(step.Name ?? $"step {status.Step}", ActivityKind.Internal, parentContext, tags.Pairs, startTime: startedAt);
    }

    private static void Stop(Activity activity, ChatStatus status)
    {
        if (status.State == StatusState.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, status.Description);
            activity.SetTag(StatusTelemetry.ErrorTypeTag, StepMeter.ErrorTypeOf(status));
            var error = new ActivityTagsCollection
            {
                ["exception.type"] = status.Error?.Type ?? "Rx.StatusTracking.StepFailed",
                ["exception.message"] = status.Error?.Message ?? status.Description,
            };
            if (status.Error?.StackTrace is { } stackTrace)
            {
                error["exception.stacktrace"] = stackTrace;
            }

            activity.AddEvent(new ActivityEvent("exception", status.Timestamp, error));
        }
        else
        {
            activity.SetStatus(ActivityStatusCode.Ok);
        }

        activity.SetEndTime(status.Timestamp.UtcDateTime);
        activity.Stop();
    }

    // Unfinished steps end at the stream's last known time (virtual time stays exact), marked as errors.
    private void StopAll(string why)
    {
        foreach (var step in _steps.Values)
        {
            if (step.Open is { } activity)
            {
                activity.SetStatus(ActivityStatusCode.Error, why);
                activity.SetTag(StatusTelemetry.ErrorTypeTag, StepMeter.OtherErrorType);
                activity.SetEndTime(_last.UtcDateTime);
                activity.Stop();
                step.Open = null;
            }
        }
    }

    private sealed class StepTrace
    {
        public Activity? Open { get; set; }

        /// <summary>Whether the current attempt started while nothing recorded it (no listener, not sampled).</summary>
        public bool Unrecorded { get; set; }

        public int Attempts { get; set; }

        public DateTimeOffset? FirstSeen { get; set; }

        /// <summary>
        /// The first span name a status of the attempt offered: kept, because a span's name is its low-cardinality
        /// identity (OpenTelemetry names a chat span after the requested model, not the answering one).
        /// </summary>
        public string? Name { get; set; }

        /// <summary>The tags of the statuses before the activity starts.</summary>
        public TagSet Waiting { get; } = new();
    }
}
