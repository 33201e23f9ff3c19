namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>Scripted operations and the comparison every round-trip test makes.</summary>
public static class Scripts
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>A chat turn with a failed and retried tool (error and data included) and a reset in the middle.</summary>
    public static void ChatTurnWithRetryAndReset(ChatStatusTracker tracker)
    {
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Failed(1, "Analysis failed", new InvalidOperationException("first try"));
        tracker.Reset();
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery, new { tokens = 12 });
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("db_lookup"), new { table = "orders", ids = new[] { 1, 2, 3 } });
        tracker.Failed(2, ChatStatusMessages.ToolFailed("db_lookup", "deadlock"), new AggregateException(new TimeoutException("t1"), new InvalidOperationException("t2")));
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("db_lookup"));
        tracker.Completed(2, ChatStatusMessages.ToolCompleted("db_lookup"), new { rows = 3 });
        tracker.Pending(3, ChatStatusMessages.WaitingOpenAI);
        tracker.Executing(3, ChatStatusMessages.WaitingOpenAI);
        tracker.Completed(3, ChatStatusMessages.ReceivedFinal);
    }

    /// <summary>Statuses as the JSON contract writes them: what crosses the wire, data included.</summary>
    public static string[] AsJson(IEnumerable<ChatStatus> statuses) => [.. statuses.Select(StatusJson.Serialize)];
}
