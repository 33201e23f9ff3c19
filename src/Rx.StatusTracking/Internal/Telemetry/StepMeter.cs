using System.Diagnostics.Metrics;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The state of one <see cref="StatusTelemetry.RecordMetrics(IObservable{ChatStatus})"/> subscription. Measurements
/// carry the metric tags of the attempt's statuses so far (never span-only tags), plus <c>error.type</c> on failures.
/// </summary>
internal sealed class StepMeter
{
    /// <summary>OpenTelemetry's fallback <c>error.type</c> when a failure has no more specific type.</summary>
    internal const string OtherErrorType = "_OTHER";

    private static readonly Meter Meter = new(StatusTelemetry.MeterName);
    private static readonly Counter<long> StepsStarted = Meter.CreateCounter<long>("rx_status.steps.started", "{step}", "Steps that started executing (each attempt counts).");
    private static readonly Counter<long> StepsCompleted = Meter.CreateCounter<long>("rx_status.steps.completed", "{step}", "Steps that completed.");
    private static readonly Counter<long> StepsFailed = Meter.CreateCounter<long>("rx_status.steps.failed", "{step}", "Step attempts that failed.");
    private static readonly Counter<long> StepsAwaitingInput = Meter.CreateCounter<long>("rx_status.steps.awaiting_input", "{step}", "Times a step started waiting for a person's input (repeated reports of one wait count once).");
    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("rx_status.step.duration", "ms", "How long each step attempt ran, to its terminal status.");

    private readonly Dictionary<int, Attempt> _attempts = [];

    public void OnStatus(ChatStatus status)
    {
        if (status.IsReset)
        {
            _attempts.Clear();
            return;
        }

        if (!_attempts.TryGetValue(status.Step, out var attempt))
        {
            _attempts.Add(status.Step, attempt = new Attempt());
        }

        attempt.Tags.SetMetricTags(status.Data as IStatusTelemetry);
        var waited = attempt.Waiting;
        attempt.Waiting = status.State == StatusState.AwaitingInput;
        if (attempt.Waiting && !waited)
        {
            StepsAwaitingInput.Add(1, attempt.Tags.ToTagList());
        }

        if (status.State == StatusState.Executing && attempt.StartedAt is null)
        {
            attempt.StartedAt = status.Timestamp;
            StepsStarted.Add(1, attempt.Tags.ToTagList());
        }
        else if (status.IsTerminal)
        {
            _attempts.Remove(status.Step);
            var tags = attempt.Tags.ToTagList();
            if (status.State == StatusState.Completed)
            {
                StepsCompleted.Add(1, tags);
            }
            else
            {
                tags.Add(StatusTelemetry.ErrorTypeTag, ErrorTypeOf(status));
                StepsFailed.Add(1, tags);
            }

            StepDuration.Record((status.Timestamp - (attempt.StartedAt ?? status.Timestamp)).TotalMilliseconds, tags);
        }
    }

    /// <summary>
    /// An upstream failure ends recording quietly, with no measurement for attempts left open: the stream broke (a
    /// tracker never fails its stream; a transport or an operator can), which says nothing about how the steps went.
    /// </summary>
    public void OnError(Exception error) => _attempts.Clear();

    /// <summary>The exception type a failure captured (a bounded set: the application's exception types), else <c>_OTHER</c>.</summary>
    internal static string ErrorTypeOf(ChatStatus status) => status.Error?.Type ?? OtherErrorType;

    private sealed class Attempt
    {
        public DateTimeOffset? StartedAt { get; set; }

        /// <summary>Whether the step's latest status was waiting for input.</summary>
        public bool Waiting { get; set; }

        public TagSet Tags { get; } = new();
    }
}
