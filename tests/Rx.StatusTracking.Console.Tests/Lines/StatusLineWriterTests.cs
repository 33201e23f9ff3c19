using Rx.StatusTracking.Console;
using Rx.StatusTracking.Console.Tests.Support;

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

    [Fact]
    public void A_childs_line_names_its_parent_a_waiting_step_is_AwaitingInput_and_a_figure_follows_the_description()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.AgentRunThenWorkflow(scheduler);

        Assert.Equal(
            """
            [+ 0.00s] #1   step 1  Executing  The planner agent is running.
            [+ 0.00s] #2   step 2 in 1  Executing  Running the download tool.
            [+ 0.25s] #3   step 2 in 1  Executing  Downloading the report.  50%
            [+ 0.25s] #4   step 3 in 1  AwaitingInput  The send_email tool is waiting for approval.
            [+ 0.25s] #5   step 4  Executing  Running the workflow review.
            [+ 0.25s] #6   step 5 in 4  Executing  The writer executor is running.
            [+ 0.25s] #7   step 6 in 5  Executing  Running the web_search tool.
            [+ 0.75s] #8   step 6 in 5  Completed  The web_search tool finished.
            [+ 1.00s] #9   step 5 in 4  Completed  The writer executor finished.
            [+ 1.00s] #10  step 7 in 4  Executing  The reviewer executor is running.

            """,
            string.Join('\n', Drawn.Lines(tracker)));
    }

    [Fact]
    public void A_figure_is_rounded_to_a_whole_percent_and_reads_100_only_when_the_step_says_it_is_done()
    {
        using var tracker = new ChatStatusTracker();
        var output = new StringWriter { NewLine = "\n" };
        var lines = new StatusLineWriter(output);
        using var writing = tracker.Subscribe(lines.Write);

        tracker.ReportProgress(1, 0.004, "Downloading.");
        tracker.ReportProgress(1, 0.125);
        tracker.ReportProgress(1, 0.999);
        tracker.ReportProgress(1, 1);
        tracker.Completed(1, "Downloaded.");

        Assert.Equal(
            ["Downloading.  0%", "Downloading.  13%", "Downloading.  99%", "Downloading.  100%", "Downloaded."],
            output.ToString().TrimEnd().Split('\n').Select(l => l[l.IndexOf("Down", StringComparison.Ordinal)..]));
    }
}
