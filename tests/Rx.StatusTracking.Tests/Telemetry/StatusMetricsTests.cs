using System.Diagnostics.Metrics;
using System.Reactive.Subjects;
using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Telemetry;

// The meter is process-wide: this class runs with no other test class beside it (its collection disables parallelization),
// so what its listener hears is its own.
[Collection(MetricsCollection.Name)]
public sealed class StatusMetricsTests : IDisposable
{
    private readonly List<(string Instrument, double Value, string Tags)> _measurements = [];
    private readonly MeterListener _meters;

    public StatusMetricsTests()
    {
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StatusTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, v, t, _) => Measure(i, v, t));
        _meters.SetMeasurementEventCallback<double>((i, v, t, _) => Measure(i, v, t));
        _meters.SetMeasurementEventCallback<int>((i, v, t, _) => Measure(i, v, t));
        _meters.Start();
    }

    public void Dispose() => _meters.Dispose();

    // Tags as "key=value" pairs sorted by key: a measurement's exact tag set in one comparable string.
    private void Measure(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new List<string>();
        foreach (var tag in tags)
        {
            pairs.Add($"{tag.Key}={tag.Value}");
        }

        pairs.Sort(StringComparer.Ordinal);
        _measurements.Add((instrument.Name, value, string.Join(", ", pairs)));
    }

    [Fact]
    public void Metrics_count_steps_and_record_durations_in_milliseconds()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var metrics = tracker.RecordMetrics();

        tracker.Executing(1, "a", new ToolData("web_search"));
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(20).Ticks);
        tracker.Executing(1, "a progress", new ToolData("web_search"));
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(30).Ticks);
        tracker.Failed(1, "a failed", new ToolData("web_search"));
        tracker.Executing(1, "a retry", new ToolData("web_search"));
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(45).Ticks);
        tracker.Completed(1, "a done", new ToolData("web_search"));

        const string Tool = "gen_ai.operation.name=execute_tool, gen_ai.tool.name=web_search";
        const string FailedTool = "error.type=_OTHER, " + Tool;
        Assert.Equal(
            [
                ("rx_status.steps.started", 1, Tool),
                ("rx_status.steps.failed", 1, FailedTool),
                ("rx_status.step.duration", 30, FailedTool),
                ("rx_status.steps.started", 1, Tool),
                ("rx_status.steps.completed", 1, Tool),
                ("rx_status.step.duration", 15, Tool),
            ],
            _measurements);

        using var hub = new StatusHub();
        using var gauge = hub.RecordMetrics();
        hub.Create("a");
        hub.Create("b").Complete();
        _measurements.Clear();
        _meters.RecordObservableInstruments();
        Assert.Equal(
            [("rx_status.operations.active", 1.0, ""), ("rx_status.hub.retained.statuses", 0, ""), ("rx_status.history.dropped", 0, "")],
            _measurements);
    }

    [Fact]
    public void A_hub_with_a_memory_budget_also_publishes_its_estimate_its_budget_and_its_shedding_episodes()
    {
        var scheduler = new TestScheduler();
        using var hub = new StatusHub(new StatusHubOptions { Scheduler = scheduler, HistoryLimit = 2, MaxRetainedBytes = StatusHubOptions.MinRetainedBytes });
        using var gauges = hub.RecordMetrics();
        var tracker = hub.Create("a");
        tracker.Executing(1, "one");
        var two = tracker.Executing(1, "two");
        var three = tracker.Failed(1, "three");

        _measurements.Clear();
        _meters.RecordObservableInstruments();

        Assert.Equal(
            [
                ("rx_status.operations.active", 1.0, ""),
                ("rx_status.hub.retained.statuses", 3, ""),
                ("rx_status.history.dropped", 1, ""),
                ("rx_status.hub.retained.bytes", hub.RetainedBytes, ""),
                ("rx_status.hub.budget.bytes", StatusHubOptions.MinRetainedBytes, ""),
                ("rx_status.hub.retention.pressure", 0, ""),
                ("rx_status.hub.shedding.episodes", 0, ""),
            ],
            _measurements);

        // The history holds two and three, the failures three again; each weighed as recorded (sequence 1 for the one to come).
        static long Weight(ChatStatus s) => Rx.StatusTracking.Internal.RetainedTotals.Estimate(s with { Sequence = 1 });
        Assert.Equal(Rx.StatusTracking.Internal.RetainedTotals.PerOperationBytes + Weight(two) + (2 * Weight(three)), hub.RetainedBytes);
    }

    [Fact]
    public void Measurements_carry_the_metric_tags_of_the_attempt_never_span_tags_and_the_error_type_of_a_failure()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var metrics = tracker.RecordMetrics();

        tracker.Pending(1, "queued", Payload.Of(metric: [("tier", "gold"), ("phase", "queued")], span: [("request.id", "r-1")]));
        tracker.Executing(1, "running", Payload.Of(metric: [("phase", "running")], span: [("tokens", 10L)]));
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(5).Ticks);
        tracker.Failed(1, "timed out", new TimeoutException("slow"));
        tracker.Executing(1, "retry", Payload.Of(metric: [("phase", "retry")]));
        tracker.Completed(1, "done", Payload.Of(metric: [("phase", null)], span: [("tokens", 12L)]));

        const string Failed = "error.type=System.TimeoutException, phase=running, tier=gold";
        Assert.Equal(
            [
                ("rx_status.steps.started", 1, "phase=running, tier=gold"),
                ("rx_status.steps.failed", 1, Failed),
                ("rx_status.step.duration", 5, Failed),
                ("rx_status.steps.started", 1, "phase=retry"),
                ("rx_status.steps.completed", 1, ""),
                ("rx_status.step.duration", 0, ""),
            ],
            _measurements);
    }

    [Fact]
    public void A_failing_stream_ends_recording_quietly_without_throwing_at_the_producer()
    {
        var statuses = new Subject<ChatStatus>();
        using var metrics = statuses.RecordMetrics();

        statuses.OnNext(new ChatStatus { Step = 1, State = StatusState.Executing, Description = "running", Sequence = 1 });
        var thrown = Record.Exception(() => statuses.OnError(new IOException("connection lost")));

        Assert.Null(thrown);
        Assert.Equal([("rx_status.steps.started", 1, "")], _measurements);
    }

    [Fact]
    public void Each_wait_for_input_is_counted_once_and_resuming_is_not_a_new_start()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var metrics = tracker.RecordMetrics();

        tracker.AwaitingInput(1, "approve?", new ToolData("send_email"));
        tracker.AwaitingInput(1, "still waiting", new ToolData("send_email"));
        tracker.Executing(1, "approved", new ToolData("send_email"));
        tracker.AwaitingInput(1, "asks again", new ToolData("send_email"));
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(4).Ticks);
        tracker.Executing(1, "goes on", new ToolData("send_email"));
        tracker.Completed(1, "sent", new ToolData("send_email"));

        const string Tool = "gen_ai.operation.name=execute_tool, gen_ai.tool.name=send_email";
        Assert.Equal(
            [
                ("rx_status.steps.awaiting_input", 1, Tool),
                ("rx_status.steps.started", 1, Tool),
                ("rx_status.steps.awaiting_input", 1, Tool),
                ("rx_status.steps.completed", 1, Tool),
                ("rx_status.step.duration", 4, Tool),
            ],
            _measurements);
    }
}
