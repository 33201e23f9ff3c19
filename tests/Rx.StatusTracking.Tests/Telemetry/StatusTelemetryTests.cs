using System.Diagnostics;
using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Telemetry;

public sealed class StatusTelemetryTests : IDisposable
{
    private readonly ActivityRecorder _spans = new("Rx.StatusTracking.Tests");

    public void Dispose() => _spans.Dispose();

    [Fact]
    public void One_activity_per_step_attempt_with_virtual_times_tags_and_errors_nested_under_the_current_activity()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var parent = _spans.Source.StartActivity("chat turn");
        using var tracing = tracker.TraceTo(_spans.Source, operationId: "op-7");
        parent!.Stop();

        scheduler.AdvanceTo(100);
        tracker.Pending(1, "queued", new ToolData("web_search"));
        scheduler.AdvanceTo(150);
        tracker.Executing(1, "running", new ToolData("web_search"));
        scheduler.AdvanceTo(180);
        tracker.Executing(1, "half way", new ToolData("web_search"));
        scheduler.AdvanceTo(400);
        tracker.Failed(1, "timed out", new TimeoutException("slow"), new ToolData("web_search"));
        scheduler.AdvanceTo(500);
        tracker.Executing(1, "retry", new ToolData("web_search"));
        scheduler.AdvanceTo(650);
        tracker.Completed(1, "done", new ToolData("web_search"));
        scheduler.AdvanceTo(700);
        tracker.Executing(2, "never finishes");
        scheduler.AdvanceTo(900);
        tracker.Complete();

        var spans = _spans.Stopped.Where(a => a.DisplayName != "chat turn").ToArray();
        Assert.Equal(["execute_tool web_search", "execute_tool web_search", "step 2"], spans.Select(a => a.DisplayName));
        Assert.All(spans, a => Assert.Equal(parent.Context.TraceId, a.TraceId));
        Assert.All(spans, a => Assert.Equal(parent.Context.SpanId, a.ParentSpanId));

        var (failed, retried, open) = (spans[0], spans[1], spans[2]);
        Assert.Equal((150L, 250L), (failed.StartTimeUtc.Ticks, failed.Duration.Ticks));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("timed out", failed.StatusDescription);
        var exception = Assert.Single(failed.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("System.TimeoutException", exception.Tags.Single(t => t.Key == "exception.type").Value);
        Assert.Equal("slow", exception.Tags.Single(t => t.Key == "exception.message").Value);
        Assert.Equal(1, failed.GetTagItem(StatusTelemetry.AttemptTag));
        Assert.Equal("timed out", failed.GetTagItem(StatusTelemetry.DescriptionTag));
        Assert.Equal("op-7", failed.GetTagItem(StatusTelemetry.OperationIdTag));
        Assert.Equal("execute_tool", failed.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("web_search", failed.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("call-1", failed.GetTagItem("gen_ai.tool.call.id"));
        Assert.Equal("System.TimeoutException", failed.GetTagItem(StatusTelemetry.ErrorTypeTag));
        Assert.Null(retried.GetTagItem(StatusTelemetry.ErrorTypeTag));

        Assert.Equal((500L, 150L, ActivityStatusCode.Ok), (retried.StartTimeUtc.Ticks, retried.Duration.Ticks, retried.Status));
        Assert.Equal(2, retried.GetTagItem(StatusTelemetry.AttemptTag));
        Assert.Equal(1, retried.GetTagItem(StatusTelemetry.StepTag));

        Assert.Equal((700L, ActivityStatusCode.Error), (open.StartTimeUtc.Ticks, open.Status));
        Assert.Equal("The operation ended before the step finished.", open.StatusDescription);
        Assert.Equal("_OTHER", open.GetTagItem(StatusTelemetry.ErrorTypeTag));
    }

    // A span's exact tag set as "key=value" pairs sorted by key.
    private static string TagsOf(Activity activity) => string.Join(", ", activity.TagObjects.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));

    [Fact]
    public void A_span_carries_the_telemetry_tags_of_every_status_of_its_attempt_the_terminal_ones_last()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var tracing = tracker.TraceTo(_spans.Source);

        tracker.Pending(1, "queued", Payload.Of("call first", metric: [("shared", "pending")], span: [("queued", "yes")]));
        tracker.Executing(1, "running", Payload.Of("call second", metric: [("shared", "executing")], span: [("temporary", "x")]));
        tracker.Executing(1, "half way");
        tracker.Executing(1, "progress", Payload.Of(span: [("temporary", null)]));
        tracker.Failed(1, "failed", Payload.Of(metric: [("shared", "failed")], span: [("usage", 3L)]));
        tracker.Executing(2, "untagged start");
        tracker.Executing(1, "retry", Payload.Of(metric: [("shared", "retry")]));
        tracker.Completed(2, "named late", Payload.Of("late name", span: [("late", true)]));
        tracker.Completed(1, "done", Payload.Of(metric: [("shared", "terminal")], span: [("usage", 12L)]));

        Assert.Equal(["call first", "late name", "step 1"], _spans.Stopped.Select(a => a.DisplayName));
        Assert.Equal(
            [
                "error.type=_OTHER, queued=yes, rx_status.attempt=1, rx_status.description=failed, rx_status.step=1, shared=failed, usage=3",
                "late=True, rx_status.attempt=1, rx_status.description=named late, rx_status.step=2",
                "rx_status.attempt=2, rx_status.description=done, rx_status.step=1, shared=terminal, usage=12",
            ],
            _spans.Stopped.Select(TagsOf));
    }

    [Fact]
    public void An_attempt_not_sampled_at_its_start_stays_unrecorded_to_its_end()
    {
        using var source = new ActivitySource($"Rx.StatusTracking.Tests.{Guid.NewGuid():N}");
        var sample = ActivitySamplingResult.None;
        var recorded = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sample,
            ActivityStopped = recorded.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var tracing = tracker.TraceTo(source);

        tracker.Executing(1, "not sampled");
        sample = ActivitySamplingResult.AllDataAndRecorded;
        tracker.Executing(1, "update");
        tracker.Failed(1, "failed");
        Assert.Empty(recorded);

        scheduler.AdvanceTo(10);
        tracker.Executing(1, "again");
        scheduler.AdvanceTo(30);
        tracker.Completed(1, "done again");
        var span = Assert.Single(recorded);
        Assert.Equal((10L, 20L, 2), (span.StartTimeUtc.Ticks, span.Duration.Ticks, span.GetTagItem(StatusTelemetry.AttemptTag)));
    }

    [Fact]
    public void A_step_that_ends_without_executing_is_timed_from_its_first_status()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var tracing = tracker.TraceTo(_spans.Source);

        scheduler.AdvanceTo(10);
        tracker.Pending(3, "queued");
        scheduler.AdvanceTo(40);
        tracker.Completed(3, "skipped");

        var span = Assert.Single(_spans.Stopped);
        Assert.Equal((10L, 30L, "step 3"), (span.StartTimeUtc.Ticks, span.Duration.Ticks, span.DisplayName));
    }

    [Fact]
    public void A_child_steps_span_nests_in_its_parents_and_waiting_for_input_before_it_runs_is_not_part_of_it()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var turn = _spans.Source.StartActivity("chat turn");
        using var tracing = tracker.TraceTo(_spans.Source);
        turn!.Stop();

        tracker.Executing(1, "agent run");
        var tool = tracker.ReserveStep(1);
        scheduler.AdvanceTo(10);
        tracker.AwaitingInput(tool, "approve?");
        scheduler.AdvanceTo(50);
        tracker.Executing(tool, "approved, running");
        scheduler.AdvanceTo(60);
        tracker.AwaitingInput(tool, "asks a question");
        scheduler.AdvanceTo(90);
        tracker.Completed(tool, "done");
        tracker.Completed(1, "run done");

        var (child, parent) = (_spans.Stopped[1], _spans.Stopped[2]);
        Assert.Equal(("step 2", "step 1"), (child.DisplayName, parent.DisplayName));
        Assert.Equal((turn.TraceId, turn.SpanId), (parent.TraceId, parent.ParentSpanId));
        Assert.Equal((parent.TraceId, parent.SpanId), (child.TraceId, child.ParentSpanId));
        Assert.Equal((50L, 40L, 1), (child.StartTimeUtc.Ticks, child.Duration.Ticks, child.GetTagItem(StatusTelemetry.AttemptTag)));
    }
}
