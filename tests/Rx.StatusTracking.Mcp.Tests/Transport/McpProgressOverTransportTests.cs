using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Rx.StatusTracking.Mcp.Tests.Support;

namespace Rx.StatusTracking.Mcp.Tests.Transport;

public sealed class McpProgressOverTransportTests
{
    private static readonly TimeSpan Window = McpProgressOptions.DefaultWindow;

    // In wire order: the SDK's client handles incoming messages concurrently, so its IProgress may see them in
    // another order, or miss those it handles after the result (the tests pass one so the call carries a token).
    private static readonly string[] AllProgressThenResult =
    [
        "progress 0/3 Analyzing the query",
        "progress 1/3 Query analyzed",
        "progress 1.5/3 Searching the web (50%)",
        "progress 3/3 Answer written",
        "result",
    ];

    [Fact]
    public async Task A_client_calling_a_tracked_tool_gets_its_progress_in_order_then_the_result()
    {
        var (result, wire) = await CallAsync((RequestContext<CallToolRequestParams> request) => ResearchAsync(request, failSearch: false));

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("The answer", TextOf(result));
        Assert.Equal(AllProgressThenResult, wire);
    }

    [Fact]
    public async Task A_tool_reporting_to_its_injected_IProgress_sends_the_same_notifications()
    {
        var (result, wire) = await CallAsync(progressLines: 4, tool: (IProgress<ProgressNotificationValue> progress) =>
        {
            var clock = new TestScheduler();
            using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = clock });
            using var reporting = tracker.ReportMcpProgressTo(progress, new McpProgressOptions { ExpectedSteps = 3, Scheduler = clock });
            Work(tracker, clock, failSearch: false);
            return "The answer";
        });

        // The SDK's IProgress starts each send without waiting for it, so a notification may follow the result on the
        // wire: what is promised is the notifications, in order and rising, and the result.
        Assert.Equal("The answer", TextOf(result));
        Assert.Equal(AllProgressThenResult.SkipLast(1), wire.Where(line => line.StartsWith("progress ", StringComparison.Ordinal)));
        Assert.Single(wire, "result");
    }

    [Fact]
    public async Task A_call_without_a_progress_token_gets_only_the_result()
    {
        var (result, wire) = await CallAsync((RequestContext<CallToolRequestParams> request) => ResearchAsync(request, failSearch: false), askProgress: false);

        Assert.Equal("The answer", TextOf(result));
        Assert.Equal(["result"], wire);
    }

    [Fact]
    public async Task A_failed_step_reaches_the_client_in_the_tool_result_not_as_progress()
    {
        var (result, wire) = await CallAsync((RequestContext<CallToolRequestParams> request) => ResearchAsync(request, failSearch: true));

        Assert.True(result.IsError);
        Assert.Equal("An error occurred invoking 'research': Search failed: timeout", TextOf(result));
        Assert.Equal(
            [
                "progress 0/3 Analyzing the query",
                "progress 1/3 Query analyzed",
                "progress 1.5/3 Searching the web (50%)",
                "result",
            ],
            wire);
    }

    // Serves the tool as "research" on a real server, calls it from a real client (asking for progress, or not) and
    // returns the result with what the server wrote (once it has written progressLines notifications, when given).
    private static async Task<(CallToolResult Result, string[] Wire)> CallAsync(Delegate tool, bool askProgress = true, int progressLines = 0)
    {
        await using var mcp = await InMemoryMcp.StartAsync(McpServerTool.Create(tool, new McpServerToolCreateOptions { Name = "research" }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await mcp.Client.CallToolAsync("research", progress: askProgress ? new RecordingProgress() : null, cancellationToken: timeout.Token);
        await mcp.Wire.WhenAsync(lines => lines.Count(line => line.StartsWith("progress ", StringComparison.Ordinal)) >= progressLines);
        return (result, mcp.Wire.Lines());
    }

    private static string? TextOf(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    // The tool's work on a virtual clock the tool itself advances, so what the window lets through is exact.
    private static async Task<string> ResearchAsync(RequestContext<CallToolRequestParams> request, bool failSearch)
    {
        var clock = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = clock });
        var sending = tracker.SendMcpProgressAsync(request, new McpProgressOptions { ExpectedSteps = 3, Scheduler = clock });
        var failed = Work(tracker, clock, failSearch);
        await sending;
        return failed ? throw new McpException("Search failed: timeout") : "The answer";
    }

    private static bool Work(ChatStatusTracker tracker, TestScheduler clock, bool failSearch)
    {
        tracker.Executing(1, "Analyzing the query");
        tracker.Completed(1, "Query analyzed");
        clock.AdvanceBy(Window.Ticks);
        tracker.Executing(2, "Searching the web");
        tracker.ReportProgress(2, 0.5, "Searching the web (50%)");
        clock.AdvanceBy(Window.Ticks);
        if (failSearch)
        {
            tracker.Failed(2, "Search failed: timeout");
            tracker.Complete();
            return true;
        }

        tracker.Completed(2, "Searched the web");
        tracker.Executing(3, "Writing the answer");
        tracker.Completed(3, "Answer written");
        tracker.Complete();
        return false;
    }
}
