using System.Diagnostics;
using System.Diagnostics.Metrics;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// Tracing and metrics over a status stream with the BCL's <see cref="ActivitySource"/> and <see cref="Meter"/>,
/// which OpenTelemetry collects (add the source's name and <see cref="MeterName"/> to its tracer and meter providers).
/// </summary>
public static class StatusTelemetry
{
    /// <summary>The name of the library's <see cref="Meter"/>.</summary>
    public const string MeterName = "Rx.StatusTracking";

    /// <summary>Tag: the step number.</summary>
    public const string StepTag = "rx_status.step";

    /// <summary>Tag: the step's latest description.</summary>
    public const string DescriptionTag = "rx_status.description";

    /// <summary>Tag: the operation id, when given.</summary>
    public const string OperationIdTag = "rx_status.operation_id";

    /// <summary>Tag: which attempt of the step this is (1 for the first, 2 after a failure and a retry…).</summary>
    public const string AttemptTag = "rx_status.attempt";

    /// <summary>
    /// Tag (OpenTelemetry's <c>error.type</c>) on failed attempts, on their measurements and their activities: the
    /// captured exception's full type name (<see cref="StatusError.Type"/>), or <c>_OTHER</c> when the failure
    /// captured none (and on the activity of a step left unfinished). Absent on success.
    /// </summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>
    /// One <see cref="Activity"/> per step attempt: started at the step's first <see cref="StatusState.Executing"/>
    /// (or first status), stopped at its terminal status, with start and end times taken from the statuses (so
    /// virtual time gives exact durations). A failure sets <see cref="ActivityStatusCode.Error"/> and
    /// <see cref="ErrorTypeTag"/>, and adds an <c>exception</c> event (OpenTelemetry's <c>exception.type</c>,
    /// <c>exception.message</c>, <c>exception.stacktrace</c>). Activities are children of the activity current when
    /// this is called; a child step's (<see cref="ChatStatus.ParentStep"/>) is a child of its parent step's activity when
    /// that one is open. Waiting for input before the first <see cref="StatusState.Executing"/> is not running, like
    /// <see cref="StatusState.Pending"/>; waiting in the middle of an attempt is part of it. Steps left open when the stream completes, fails or resets are stopped then, with an error
    /// status saying so and <see cref="ErrorTypeTag"/> <c>_OTHER</c>.
    /// </summary>
    /// <remarks>
    /// An activity carries the <see cref="IStatusTelemetry"/> tags of every status of its attempt, in order: the
    /// waiting statuses before it started, the starting one (these are the tags a sampler sees), each update, and the
    /// terminal status last, so what is known only at the end (token usage, say) lands on the span. A later value
    /// replaces an earlier one; a <see langword="null"/> value removes the tag. The span is named after the first
    /// <see cref="IStatusTelemetry.SpanName"/> a status of the attempt offers (<c>step N</c> until one does). An
    /// attempt that nobody records when it starts (no listener, not sampled) stays unrecorded to its end.
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="activitySource">Where activities are created (nothing is recorded when nobody listens to it).</param>
    /// <param name="operationId">Optional operation id for the <see cref="OperationIdTag"/> tag.</param>
    /// <returns>The subscription; dispose it to stop tracing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="activitySource"/> is null.</exception>
    public static IDisposable TraceTo(this IObservable<ChatStatus> source, ActivitySource activitySource, string? operationId = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(activitySource);
        var tracer = new StepTracer(activitySource, Activity.Current?.Context ?? default, operationId);
        return source.Subscribe(tracer.OnStatus, tracer.OnError, tracer.OnCompleted);
    }

    /// <summary>
    /// Records the library's metrics for the stream on the <see cref="MeterName"/> meter:
    /// <c>rx_status.steps.started</c>, <c>rx_status.steps.completed</c>, <c>rx_status.steps.failed</c>,
    /// <c>rx_status.steps.awaiting_input</c> (each time a step starts waiting for a person's input; counters) and
    /// <c>rx_status.step.duration</c> (histogram, milliseconds, from the attempt's first Executing to its terminal status).
    /// </summary>
    /// <remarks>
    /// Measurements are tagged with the <see cref="IStatusTelemetry.MetricTags"/> of the attempt's statuses so far
    /// (merged in order, as on spans), and failed attempts also with <see cref="ErrorTypeTag"/>. Nothing else: no
    /// step number, description, operation id or <see cref="IStatusTelemetry.SpanTags"/>, because every distinct
    /// tag value makes a new time series in a metrics backend; per-call values belong on spans (<see cref="TraceTo"/>).
    /// When the stream fails (<c>OnError</c>), recording ends quietly: nothing is thrown back at the producer, and
    /// attempts left open get no measurement, since a broken stream says nothing about how the steps went.
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <returns>The subscription; dispose it to stop recording.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static IDisposable RecordMetrics(this IObservable<ChatStatus> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var meter = new StepMeter();
        return source.Subscribe(meter.OnStatus, meter.OnError);
    }

    /// <summary>
    /// Publishes <paramref name="hub"/>'s gauges on the <see cref="MeterName"/> meter, for as long as the returned handle
    /// lives: <c>rx_status.operations.active</c> (operations not completed), <c>rx_status.hub.retained.statuses</c>
    /// (statuses in the operations' histories and failure lists), <c>rx_status.history.dropped</c> (an observable counter:
    /// statuses dropped from histories, because they were full or shed to the budget) and, when the hub has a memory budget,
    /// <c>rx_status.hub.retained.bytes</c> (the estimate, <see cref="StatusHub.RetainedBytes"/>),
    /// <c>rx_status.hub.budget.bytes</c> (<see cref="StatusHub.MaxRetainedBytes"/>), <c>rx_status.hub.retention.pressure</c>
    /// (<see cref="StatusHub.RetentionPressure"/> as its number, 0 to 3) and <c>rx_status.hub.shedding.episodes</c> (an
    /// observable counter). None carries a tag.
    /// </summary>
    /// <param name="hub">The hub.</param>
    /// <returns>A handle; dispose it to stop publishing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hub"/> is null.</exception>
    public static IDisposable RecordMetrics(this StatusHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return new HubGauges(hub);
    }

    private sealed class HubGauges : IDisposable
    {
        // One meter per hub: a Meter's instruments live as long as the meter, so disposing it ends the gauges.
        private readonly Meter _meter = new(MeterName);

        public HubGauges(StatusHub hub)
        {
            _meter.CreateObservableGauge("rx_status.operations.active", () => hub.ActiveCount, "{operation}", "Operations of the hub that have not completed.");
            _meter.CreateObservableGauge("rx_status.hub.retained.statuses", () => hub.RetainedStatuses, "{status}", "Statuses the hub's operations retain in their histories and failure lists.");
            _meter.CreateObservableCounter("rx_status.history.dropped", () => hub.HistoryDropped, "{status}", "Statuses dropped from the histories of the hub's operations: full histories, or shed to the memory budget.");
            if (hub.MaxRetainedBytes is { } budget)
            {
                _meter.CreateObservableGauge("rx_status.hub.retained.bytes", () => hub.RetainedBytes, "By", "Estimated bytes the hub's operations retain (the memory budget's measure).");
                _meter.CreateObservableGauge("rx_status.hub.budget.bytes", () => budget, "By", "The hub's memory budget.");
                _meter.CreateObservableGauge("rx_status.hub.retention.pressure", () => (int)hub.RetentionPressure, "1", "What the hub does about its budget: 0 nothing, 1 sheds completed histories, 2 cuts running ones, 3 refuses new operations.");
                _meter.CreateObservableCounter("rx_status.hub.shedding.episodes", () => hub.SheddingEpisodes, "{episode}", "Shedding episodes: times the hub went over its memory budget after a minute or more within it.");
            }
        }

        public void Dispose() => _meter.Dispose();
    }
}
