namespace Rx.StatusTracking.Tests.Docs;

/// <summary>The README's example of nested steps, waiting for input and progress, compiled; <see cref="ReadmeTests"/> checks the README shows exactly this code.</summary>
internal static class ReadmeNestedExample
{
    public static void Run()
    {
        // README:begin
        using var tracker = new ChatStatusTracker();

        var run = tracker.ReserveStep();         // the agent run: a top-level step
        tracker.Executing(run, "The planner agent is running.");

        var search = tracker.ReserveStep(run);   // its tool calls: children of the run
        tracker.Executing(search, ChatStatusMessages.ExecutingTool("web_search"));
        tracker.Completed(search, ChatStatusMessages.ToolCompleted("web_search"));

        var download = tracker.ReserveStep(run);
        var half = tracker.ReportProgress(download, 0.5, "Downloading the report.");
        Console.WriteLine($"step {half.Step}, parent {half.ParentStep}, {half.State} at {half.Progress:0%}");

        var email = tracker.ReserveStep(run);
        tracker.AwaitingInput(email, ChatStatusMessages.ToolAwaitingApproval("send_email"));

        Console.WriteLine($"{tracker.GetProgress().Percent}% done");
        Console.WriteLine(tracker.GetSummary());
        // README:end
    }
}
