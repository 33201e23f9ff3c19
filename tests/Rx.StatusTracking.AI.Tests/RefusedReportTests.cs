using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>Strict trackers throw on a report they refuse; tracking must never break the chat it watches.</summary>
public class RefusedReportTests
{
    private const string Category = "Rx.StatusTracking.AI";

    private static (IChatClient Client, ChatStatusTracker Tracker, List<ChatStatus> Seen, CapturingLoggerFactory Logs) Pipeline(
        IChatClient model,
        Action<StatusTrackingChatOptions>? configure = null)
    {
        var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        var seen = new List<ChatStatus>();
        tracker.Subscribe(seen.Add);
        var logs = new CapturingLoggerFactory();
        return (new ChatClientBuilder(model).UseStatusTracking(tracker, configure).Build(logs), tracker, seen, logs);
    }

    private static List<string> Warnings(CapturingLoggerFactory logs) =>
        [.. logs.Entries.Where(e => e.Category == Category).Select(e => $"{e.Level} {e.Message}")];

    private static ScriptedChatClient ToolThenAnswer(string tool) =>
        new ScriptedChatClient()
            .Then(new FunctionCallContent("c1", tool))
            .ThenRespond((request, _) =>
            {
                var result = request.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"the tool said: {result.Result}")));
            });

    [Fact]
    public async Task Steps_reported_by_hand_before_and_during_a_turn_never_collide_with_the_pipelines()
    {
        ChatStatusTracker? tracker = null;
        var lookup = AIFunctionFactory.Create(
            () =>
            {
                var step = tracker!.ReserveStep();
                tracker.Executing(step, ChatStatusMessages.DbLookupStart);
                tracker.Completed(step, ChatStatusMessages.DbLookupComplete);
                return "12 orders";
            },
            "order_history");
        var (client, created, seen, logs) = Pipeline(ToolThenAnswer("order_history"));
        tracker = created;
        tracker.Completed(10, ChatStatusMessages.AnalyzingQuery);

        var answer = await client.GetResponseAsync("how many orders?", new ChatOptions { Tools = [lookup] });

        Assert.Equal("the tool said: 12 orders", answer.Text);
        Assert.Equal(
            [
                $"10 Completed {ChatStatusMessages.AnalyzingQuery}",
                $"11 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"11 Completed {ChatStatusMessages.ReceivedResponse}",
                $"12 Pending {ChatStatusMessages.ToolQueued("order_history")}",
                $"12 Executing {ChatStatusMessages.ExecutingTool("order_history")}",
                $"13 Executing {ChatStatusMessages.DbLookupStart}",
                $"13 Completed {ChatStatusMessages.DbLookupComplete}",
                $"12 Completed {ChatStatusMessages.ToolCompleted("order_history")}",
                $"14 Executing {ChatStatusMessages.SendingToolResults}",
                $"14 Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(seen));
        Assert.Empty(Warnings(logs));
    }

    [Fact]
    public async Task A_tool_that_ends_its_own_step_by_hand_leaves_the_pipelines_report_refused_and_logged()
    {
        ChatStatusTracker? tracker = null;
        var cleanup = AIFunctionFactory.Create(
            () =>
            {
                tracker!.Completed(2, "Cleaned up (reported by the tool itself)");
                return "clean";
            },
            "cleanup");
        var (client, created, seen, logs) = Pipeline(ToolThenAnswer("cleanup"));
        tracker = created;

        var answer = await client.GetResponseAsync("clean up", new ChatOptions { Tools = [cleanup] });

        // The tool's result reached the model as a result, not as an error from the tracking.
        Assert.Equal("the tool said: clean", answer.Text);
        Assert.Equal(
            [
                "2 Pending",
                "2 Executing",
                "2 Completed Cleaned up (reported by the tool itself)",
            ],
            seen.Where(s => s.Step == 2).Select(s => s.State == StatusState.Completed ? $"2 Completed {s.Description}" : $"2 {s.State}"));
        Assert.Equal(
            [$"Warning The tracker refused the Completed status of step 2 (InvalidStatusTransitionException: {new InvalidStatusTransitionException(2, StatusState.Completed, StatusState.Completed).Message}); the chat goes on without it."],
            Warnings(logs));
        Assert.IsType<InvalidStatusTransitionException>(logs.Entries.Single(e => e.Category == Category).Exception);
    }

    [Fact]
    public async Task A_tracker_completed_in_the_middle_of_a_turn_refuses_the_rest_and_the_answer_still_arrives()
    {
        ChatStatusTracker? tracker = null;
        var finish = AIFunctionFactory.Create(
            () =>
            {
                tracker!.Complete();
                return "finished";
            },
            "finish");
        var (client, created, seen, logs) = Pipeline(ToolThenAnswer("finish"));
        tracker = created;

        var answer = await client.GetResponseAsync("finish it", new ChatOptions { Tools = [finish] });

        Assert.Equal("the tool said: finished", answer.Text);
        Assert.Equal(["1 Executing", "1 Completed", "2 Pending", "2 Executing"], seen.Select(s => $"{s.Step} {s.State}"));
        Assert.Equal(
            ["Completed status of step 2", "Executing status of step 3", "Completed status of step 3"],
            logs.Entries.Where(e => e.Category == Category).Select(e => e.Message.Split(" (")[0].Replace("The tracker refused the ", string.Empty, StringComparison.Ordinal)));
        Assert.All(logs.Entries.Where(e => e.Category == Category), e => Assert.Equal((LogLevel.Warning, new EventId(1)), (e.Level, e.EventId)));
    }

    [Fact]
    public async Task A_model_error_too_long_for_a_strict_tracker_still_reaches_the_caller_unchanged()
    {
        var boom = new HttpRequestException(new string('x', StatusTrackerOptions.DefaultMaxDescriptionLength + 100));
        var (client, _, seen, logs) = Pipeline(new ScriptedChatClient().ThenRespond((_, _) => Task.FromException<ChatResponse>(boom)));

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Same(boom, thrown);
        Assert.Equal(["1 Executing"], seen.Select(s => $"{s.Step} {s.State}"));
        Assert.IsType<ArgumentException>(Assert.Single(logs.Entries, e => e.Category == Category).Exception);
    }

    [Fact]
    public async Task An_argument_filter_that_throws_records_no_arguments_and_the_tool_still_runs()
    {
        var login = AIFunctionFactory.Create((string user) => $"hello {user}", "login");
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("c1", "login", new Dictionary<string, object?> { ["user"] = "ada" }))
            .ThenRespond((request, _) => Task.FromResult(new ChatResponse(new ChatMessage(
                ChatRole.Assistant,
                $"the tool said: {request.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().Result}"))));
        var (client, _, seen, logs) = Pipeline(model, o => o.ArgumentFilter = (_, _) => throw new FormatException("bad filter"));

        var answer = await client.GetResponseAsync("log in", new ChatOptions { Tools = [login] });

        Assert.Equal("the tool said: hello ada", answer.Text);
        Assert.All(seen.Where(s => s.Step == 2), s => Assert.Null(((ToolCallData)s.Data!).Arguments));
        Assert.Equal(["Pending", "Executing", "Completed"], seen.Where(s => s.Step == 2).Select(s => s.State.ToString()));
        var warning = Assert.Single(logs.Entries, e => e.Category == Category);
        Assert.Equal((LogLevel.Warning, 2, "The argument filter threw for a call of the login tool; its arguments were not recorded."), (warning.Level, warning.EventId.Id, warning.Message));
        Assert.IsType<FormatException>(warning.Exception);
    }
}
