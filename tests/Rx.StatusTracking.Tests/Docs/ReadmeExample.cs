namespace Rx.StatusTracking.Tests.Docs;

/// <summary>The README's usage example, compiled. <see cref="ReadmeTests"/> checks the README shows exactly this code.</summary>
internal static class ReadmeExample
{
    public static void Run()
    {
        // README:begin
        using var tracker = new ChatStatusTracker();
        using var printer = tracker.Subscribe(s => Console.WriteLine($"#{s.Sequence} step {s.Step} {s.State}: {s.Description}"));

        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);

        tracker.Executing(2, ChatStatusMessages.ExecutingTool("web_search"));
        try
        {
            throw new TimeoutException("The search engine did not answer");
        }
        catch (TimeoutException error)
        {
            tracker.Failed(2, ChatStatusMessages.ToolFailed("web_search", error.Message), error);
        }

        tracker.Executing(2, ChatStatusMessages.ExecutingTool("web_search")); // a retry
        tracker.Completed(2, ChatStatusMessages.ToolCompleted("web_search"));

        tracker.Complete();
        Console.WriteLine(tracker.GetSummary());
        // README:end
    }
}
