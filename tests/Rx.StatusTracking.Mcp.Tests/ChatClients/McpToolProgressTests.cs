using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.AI.Tests;
using Rx.StatusTracking.Mcp.Internal;
using Rx.StatusTracking.Mcp.Tests.Support;

namespace Rx.StatusTracking.Mcp.Tests.ChatClients;

public sealed class McpToolProgressTests
{
    [Fact]
    public async Task An_MCP_tool_called_by_the_tracked_pipeline_shows_its_progress_on_its_step()
    {
        // The server waits until the client's step shows each figure before it sends the next, so the order the
        // client's concurrent message handling gives them cannot vary.
        using var shown = new SemaphoreSlim(0);
        await using var mcp = await InMemoryMcp.StartAsync(McpServerTool.Create(
            async (RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
            {
                for (var i = 1; i <= 3; i++)
                {
                    await request.Server.NotifyProgressAsync(
                        request.Params!.ProgressToken!.Value,
                        new ProgressNotificationValue { Progress = i, Total = 4, Message = $"Searching source {i} of 4" },
                        cancellationToken: cancellationToken);
                    await shown.WaitAsync(cancellationToken);
                }

                return "Found it";
            },
            new McpServerToolCreateOptions { Name = "research" }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var tools = await mcp.Client.ListToolsAsync(cancellationToken: timeout.Token);
        using var tracker = new ChatStatusTracker();
        using var figures = tracker.Subscribe(status =>
        {
            if (status.Progress is not null)
            {
                shown.Release();
            }
        });
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("call-1", "research"))
            .Then(new TextContent("It is found."));
        using var chat = new ChatClientBuilder(model)
            .UseStatusTracking(tracker, options => options.TrackMcpToolProgress(tracker))
            .Build();

        var answer = await chat.GetResponseAsync("Find it", new ChatOptions { Tools = [.. tools] }, timeout.Token);

        Assert.Equal("It is found.", answer.Text);
        var toolStep = tracker.History.First(status => status.Data is ToolCallData).Step;
        Assert.Equal(
            [
                "Pending  The research tool is queued.",
                "Executing  Running the research tool.",
                "Executing 0.25 Searching source 1 of 4",
                "Executing 0.5 Searching source 2 of 4",
                "Executing 0.75 Searching source 3 of 4",
                "Completed  The research tool finished.",
            ],
            tracker.History.Where(status => status.Step == toolStep).Select(Describe).ToArray());
        Assert.All(tracker.History.Where(status => status.Step == toolStep), status => Assert.Equal("call-1", Assert.IsType<ToolCallData>(status.Data).CallId));
    }

    [Fact]
    public void A_late_or_older_notification_never_moves_the_step_back_or_reopens_it()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Validation = StatusValidation.Strict });
        tracker.Executing(1, "Calling research");
        var progress = new McpStepProgress(tracker, 1, data: null);

        progress.Report(new ProgressNotificationValue { Progress = 2, Total = 4, Message = "Half way" });
        progress.Report(new ProgressNotificationValue { Progress = 1, Total = 4, Message = "A quarter (arrived late)" });
        progress.Report(new ProgressNotificationValue { Progress = 3, Message = "No total: the message alone" });
        progress.Report(new ProgressNotificationValue { Progress = 4 });
        progress.Close();
        tracker.Completed(1, "Finished research");
        progress.Report(new ProgressNotificationValue { Progress = 5, Total = 6, Message = "After the end" });

        Assert.Equal(
            [
                "Executing  Calling research",
                "Executing 0.5 Half way",
                "Executing 0.5 No total: the message alone",
                "Completed  Finished research",
            ],
            tracker.History.Select(Describe));
    }

    [Fact]
    public void A_larger_total_sent_later_never_moves_the_figure_back()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, "Calling research");
        var progress = new McpStepProgress(tracker, 1, data: null);

        progress.Report(new ProgressNotificationValue { Progress = 1, Total = 2, Message = "Half way" });
        progress.Report(new ProgressNotificationValue { Progress = 2, Total = 10, Message = "More to do than thought" });
        progress.Report(new ProgressNotificationValue { Progress = 8, Total = 10, Message = "Nearly there" });

        Assert.Equal(
            [
                "Executing  Calling research",
                "Executing 0.5 Half way",
                "Executing 0.5 More to do than thought",
                "Executing 0.8 Nearly there",
            ],
            tracker.History.Select(Describe));
    }

    [Fact]
    public void A_fraction_is_computed_in_double_from_the_figures_the_server_sent_without_float_noise()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, "Calling research");
        var progress = new McpStepProgress(tracker, 1, data: null);

        progress.Report(new ProgressNotificationValue { Progress = 0.1f, Total = 1, Message = "A tenth" });
        progress.Report(new ProgressNotificationValue { Progress = 1, Total = 3, Message = "One of three" });
        progress.Report(new ProgressNotificationValue { Progress = 2, Total = 3, Message = "Two of three" });

        Assert.Equal(
            [
                "Executing  Calling research",
                "Executing 0.1 A tenth",
                "Executing 0.3333333333333333 One of three",
                "Executing 0.6666666666666666 Two of three",
            ],
            tracker.History.Select(Describe));
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        using var tracker = new ChatStatusTracker();

        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => McpToolProgressExtensions.TrackMcpToolProgress(null!, tracker)).ParamName);
        Assert.Equal("tracker", Assert.Throws<ArgumentNullException>(() => new StatusTrackingChatOptions().TrackMcpToolProgress((ChatStatusTracker)null!)).ParamName);
        Assert.Equal("trackerOf", Assert.Throws<ArgumentNullException>(() => new StatusTrackingChatOptions().TrackMcpToolProgress((Func<ChatStatusTracker?>)null!)).ParamName);
    }

    private static string Describe(ChatStatus status) =>
        $"{status.State} {status.Progress?.ToString(System.Globalization.CultureInfo.InvariantCulture)} {status.Description}";
}
