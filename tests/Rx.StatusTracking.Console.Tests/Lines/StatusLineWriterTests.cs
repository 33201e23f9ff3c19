using Rx.StatusTracking.Console;

namespace Rx.StatusTracking.Console.Tests.Lines;

public class StatusLineWriterTests
{
    [Fact]
    public void Each_status_is_one_line_with_its_time_sequence_step_state_description_and_error_type()
    {
        var scheduler = new TestScheduler();
        var start = scheduler.Now;
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var output = new StringWriter { NewLine = "\n" };
        var lines = new StatusLineWriter(output, start);
        using var writing = tracker.Subscribe(lines.Write);

        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1.25).Ticks);
        tracker.Failed(12, ChatStatusMessages.ToolFailed("web_search", "timed out"), new TimeoutException("timed out"));
        tracker.Reset();
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Complete();
        lines.WriteSummary(tracker.GetSummary());

        Assert.Equal(
            """
            [+ 1.00s] #1   step 1  Executing  Analyzing your question.
            [+ 2.25s] #2   step 12  Failed     The web_search tool failed: timed out.  (System.TimeoutException)
            [+ 2.25s] #3   step -1  Reset      Status tracking was reset.
            [+ 2.25s] #4   step 1  Completed  Your question is ready for the model.

            Summary
            1 step in 0 ms: 1 completed, 0 failed, 0 executing, 0 pending (success rate 100%)
              #1 Completed Your question is ready for the model. (0 ms, 0 attempts)

            """,
            output.ToString());
    }

    [Fact]
    public void Without_a_start_times_count_from_the_first_status_written()
    {
        var scheduler = new TestScheduler();
        scheduler.AdvanceBy(TimeSpan.FromMinutes(5).Ticks);
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var output = new StringWriter { NewLine = "\n" };
        var lines = new StatusLineWriter(output);
        using var writing = tracker.Subscribe(lines.Write);

        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        scheduler.AdvanceBy(TimeSpan.FromMilliseconds(500).Ticks);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);

        Assert.Equal(
            "[+ 0.00s] #1   step 1  Executing  Analyzing your question.\n[+ 0.50s] #2   step 1  Completed  Your question is ready for the model.\n",
            output.ToString());
    }
}
