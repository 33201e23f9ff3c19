namespace Rx.StatusTracking.AspNetCore.Tests.Support;

internal static class Operations
{
    /// <summary>A search tool's result: ~41 KB of text that repeats itself, as tool results do.</summary>
    public static readonly string SearchResult = string.Join('\n', Enumerable.Range(0, 500).Select(i => $"Result {i}: https://example.com/search?q=weather+in+paris&page={i}"));

    /// <summary>A chat turn: analysis, a model call, three tools of which one fails and is retried, the final answer.</summary>
    public static void ReportChatTurn(ChatStatusTracker tracker, bool complete = true)
    {
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Executing(2, ChatStatusMessages.WaitingOpenAI);
        tracker.Completed(2, ChatStatusMessages.ReceivedResponse);
        tracker.Executing(3, ChatStatusMessages.WebSearchStart);
        tracker.Executing(4, ChatStatusMessages.ApiCallStart);
        tracker.Executing(5, ChatStatusMessages.DbLookupStart);
        tracker.Completed(3, ChatStatusMessages.WebSearchComplete);
        tracker.Failed(4, ChatStatusMessages.ToolFailed("weather_api", "HTTP 503"), new HttpRequestException("Service unavailable"));
        tracker.Completed(5, ChatStatusMessages.DbLookupComplete);
        tracker.Executing(4, ChatStatusMessages.ExecutingTool("weather_api"));
        tracker.Completed(4, ChatStatusMessages.ToolCompleted("weather_api"));
        tracker.Executing(6, ChatStatusMessages.SendingToolResults);
        tracker.Completed(6, ChatStatusMessages.ReceivedFinal);
        if (complete)
        {
            tracker.Complete();
        }
    }

    public static ChatStatus ThrowAndReport(ChatStatusTracker tracker, int step, string tool)
    {
        try
        {
            throw new InvalidOperationException("The tool broke.", new TimeoutException("inner"));
        }
        catch (InvalidOperationException e)
        {
            return tracker.Failed(step, ChatStatusMessages.ToolFailed(tool, e.Message), e);
        }
    }
}
