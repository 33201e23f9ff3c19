using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TestTools;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>A request that ends before every requested call ran leaves none of them queued.</summary>
public class UnrunCallTests
{
    private static readonly string[] FinishThenNotRun =
    [
        $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
        $"1 Completed {ChatStatusMessages.ReceivedResponse}",
        $"2 Pending {ChatStatusMessages.ToolQueued("finish")}",
        $"3 Pending {ChatStatusMessages.ToolQueued("web_search")}",
        $"2 Executing {ChatStatusMessages.ExecutingTool("finish")}",
        $"2 Completed {ChatStatusMessages.ToolCompleted("finish")}",
        $"3 Failed {ChatStatusMessages.ToolFailed("web_search", "not run: the finish tool ended the request")}",
    ];

    [Fact]
    public async Task Cancelling_the_request_while_a_tool_runs_fails_the_calls_that_never_ran()
    {
        using var cancel = new CancellationTokenSource();
        var stop = CancelsItsRequest(cancel, "stop");
        var pipeline = Build(new ScriptedChatClient().Then(Call("c1", "stop"), Call("c2", "web_search", new() { ["query"] = "x" })));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => pipeline.Client.GetResponseAsync("go", new ChatOptions { Tools = [stop, WebSearch] }, cancel.Token));

        Assert.Equal(
            [
                $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"1 Completed {ChatStatusMessages.ReceivedResponse}",
                $"2 Pending {ChatStatusMessages.ToolQueued("stop")}",
                $"3 Pending {ChatStatusMessages.ToolQueued("web_search")}",
                $"2 Executing {ChatStatusMessages.ExecutingTool("stop")}",
                $"2 Failed {ChatStatusMessages.ToolFailed("stop", "cancelled")}",
                $"3 Failed {ChatStatusMessages.ToolFailed("web_search", "not run: the request was cancelled")}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((3, 1, 2, 0, 0, 0), pipeline.Counts());
        Assert.Null(pipeline.Seen[^1].Error);
        Assert.Equal("c2", ((ToolCallData)pipeline.Seen[^1].Data!).CallId);
    }

    [Fact]
    public async Task A_tool_that_terminates_the_request_fails_the_calls_after_it_as_not_run()
    {
        var pipeline = Build(new ScriptedChatClient().Then(Call("c1", "finish"), Call("c2", "web_search", new() { ["query"] = "x" })));

        var response = await pipeline.Client.GetResponseAsync("go", new ChatOptions { Tools = [Finish, WebSearch] });

        Assert.Contains(response.Messages.SelectMany(m => m.Contents), c => c is FunctionResultContent { CallId: "c1" });
        Assert.Equal(FinishThenNotRun, Show(pipeline.Seen));
        Assert.Equal((3, 2, 1, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task A_streamed_request_that_a_tool_terminates_fails_the_calls_after_it_as_not_run()
    {
        var model = new ScriptedChatClient().ThenStream(
            new ChatResponseUpdate(ChatRole.Assistant, [Call("c1", "finish")]),
            new ChatResponseUpdate(ChatRole.Assistant, [Call("c2", "web_search", new() { ["query"] = "x" })]));
        var pipeline = Build(model);

        await foreach (var update in pipeline.Client.GetStreamingResponseAsync("go", new ChatOptions { Tools = [Finish, WebSearch] }))
        {
        }

        Assert.Equal(FinishThenNotRun, Show(pipeline.Seen));
        Assert.Equal((3, 2, 1, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task Too_many_consecutive_errors_fail_the_calls_that_never_ran()
    {
        var model = new ScriptedChatClient()
            .Then(Call("c1", "weather_api"))
            .Then(Call("c2", "weather_api"), Call("c3", "web_search", new() { ["query"] = "x" }));
        var pipeline = Build(model, o => o.ConfigureFunctionInvocation = f => f.MaximumConsecutiveErrorsPerRequest = 1);

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => pipeline.Client.GetResponseAsync("go", new ChatOptions { Tools = [WeatherApi, WebSearch] }));

        Assert.Equal("HTTP 503", thrown.Message);
        Assert.Equal(
            [
                $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"1 Completed {ChatStatusMessages.ReceivedResponse}",
                $"2 Pending {ChatStatusMessages.ToolQueued("weather_api")}",
                $"2 Executing {ChatStatusMessages.ExecutingTool("weather_api")}",
                $"2 Failed {ChatStatusMessages.ToolFailed("weather_api", "HTTP 503")}",
                $"3 Executing {ChatStatusMessages.SendingToolResults}",
                $"3 Completed {ChatStatusMessages.ReceivedResponse}",
                $"4 Pending {ChatStatusMessages.ToolQueued("weather_api")}",
                $"5 Pending {ChatStatusMessages.ToolQueued("web_search")}",
                $"4 Executing {ChatStatusMessages.ExecutingTool("weather_api")}",
                $"4 Failed {ChatStatusMessages.ToolFailed("weather_api", "HTTP 503")}",
                $"5 Failed {ChatStatusMessages.ToolFailed("web_search", "not run: the request failed")}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((5, 2, 3, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task Calls_asked_for_after_the_iteration_limit_fail_as_not_run_rather_than_not_found()
    {
        // On its last iteration the function-invocation client sends no function tools; a model may still ask for one.
        var model = new ScriptedChatClient()
            .Then(Call("c1", "web_search", new() { ["query"] = "x" }))
            .Then(Call("c2", "web_search", new() { ["query"] = "y" }));
        var pipeline = Build(model, o => o.ConfigureFunctionInvocation = f => f.MaximumIterationsPerRequest = 1);

        var response = await pipeline.Client.GetResponseAsync("go", new ChatOptions { Tools = [WebSearch] });

        Assert.Contains(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent { CallId: "c2" });
        Assert.Equal(
            [
                .. OneToolRound("web_search"),
                $"3 Completed {ChatStatusMessages.ReceivedResponse}",
                $"4 Failed {ChatStatusMessages.ToolFailed("web_search", "not run: the request reached its iteration limit")}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((4, 3, 1, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task A_name_past_the_iteration_limit_that_the_pipeline_never_found_counts_as_made_up()
    {
        var model = new ScriptedChatClient()
            .Then(Call("c1", "web_search", new() { ["query"] = "x" }))
            .Then(Call("c2", "web_search", new() { ["query"] = "y" }), Call("c3", "rm_rf_7f3a"));
        var pipeline = Build(model, o => o.ConfigureFunctionInvocation = f => f.MaximumIterationsPerRequest = 1);

        await pipeline.Client.GetResponseAsync("go", new ChatOptions { Tools = [WebSearch] });

        var unrun = pipeline.Seen.Where(s => s.State == StatusState.Failed).Select(s => (ToolCallData)s.Data!).ToList();
        Assert.Equal([("web_search", true), ("rm_rf_7f3a", false)], unrun.Select(d => (d.ToolName, d.IsKnownTool)));
    }

    [Fact]
    public async Task Calls_handed_back_because_a_tool_is_declaration_only_fail_as_not_run()
    {
        // The function-invocation client cannot invoke a declaration: it returns every call of that response to the caller.
        var clientSide = AIFunctionFactory.Create((string city) => "sunny", "client_weather").AsDeclarationOnly();
        var pipeline = Build(new ScriptedChatClient().Then(Call("c1", "client_weather", new() { ["city"] = "Oslo" }), Call("c2", "web_search", new() { ["query"] = "x" })));

        var response = await pipeline.Client.GetResponseAsync("go", new ChatOptions { Tools = [clientSide, WebSearch] });

        Assert.Equal(["c1", "c2"], response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId));
        Assert.Equal(
            [
                $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"1 Completed {ChatStatusMessages.ReceivedResponse}",
                $"2 Pending {ChatStatusMessages.ToolQueued("client_weather")}",
                $"3 Pending {ChatStatusMessages.ToolQueued("web_search")}",
                $"2 Failed {ChatStatusMessages.ToolFailed("client_weather", "not run: the request returned it to the caller")}",
                $"3 Failed {ChatStatusMessages.ToolFailed("web_search", "not run: the request returned it to the caller")}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((3, 1, 2, 0, 0, 0), pipeline.Counts());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_call_the_service_already_ran_is_no_call_of_the_pipelines(bool streamed)
    {
        // A hosted tool: the response carries the call and its result; the function-invocation client runs nothing.
        AIContent[] hosted = [Call("c1", "web_search", new() { ["query"] = "x" }), new FunctionResultContent("c1", "3 results"), new TextContent("Found 3.")];
        var model = new ScriptedChatClient().Then(hosted).ThenStream(new ChatResponseUpdate(ChatRole.Assistant, hosted));
        var pipeline = Build(model);

        Assert.Equal("Found 3.", await pipeline.AskAsync("go", new ChatOptions { Tools = [WebSearch] }, streamed));
        Assert.Equal([$"1 Executing {ChatStatusMessages.WaitingOpenAI}", $"1 Completed {ChatStatusMessages.ReceivedFinal}"], Show(pipeline.Seen));
        Assert.Equal(0, ((ModelCallData)pipeline.Seen[^1].Data!).ToolCalls);
    }

    [Fact]
    public async Task Abandoning_a_stream_before_its_calls_ran_fails_them_as_not_run()
    {
        var model = new ScriptedChatClient().ThenStream(new ChatResponseUpdate(ChatRole.Assistant, [Call("c1", "web_search", new() { ["query"] = "x" })]));
        var pipeline = Build(model);

        await foreach (var update in pipeline.Client.GetStreamingResponseAsync("go", new ChatOptions { Tools = [WebSearch] }))
        {
            break;
        }

        Assert.Equal(
            [
                $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"1 Completed {ChatStatusMessages.ReceivedResponse}",
                $"2 Pending {ChatStatusMessages.ToolQueued("web_search")}",
                $"2 Failed {ChatStatusMessages.ToolFailed("web_search", "not run: the response stream was abandoned before it ended")}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((2, 1, 1, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task Calls_waiting_for_approval_stay_waiting_across_requests_with_the_calls_asked_for_beside_them()
    {
        // When one call of a response needs approval, the function-invocation client asks approval for every call of it.
        var model = new ScriptedChatClient()
            .Then(Call("c1", "delete_file", new() { ["path"] = "/tmp/x" }), Call("c2", "web_search", new() { ["query"] = "x" }))
            .Then(new TextContent("Deleted and searched."));
        var pipeline = Build(model);
        var options = new ChatOptions { Tools = [DeleteFile, WebSearch] };
        List<ChatMessage> conversation = [new(ChatRole.User, "clean up and search")];

        var first = await pipeline.Client.GetResponseAsync(conversation, options);

        string[] firstRequest =
        [
            $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
            $"1 Completed {ChatStatusMessages.ReceivedResponse}",
            $"2 AwaitingInput {ChatStatusMessages.ToolAwaitingApproval("delete_file")}",
            $"3 AwaitingInput {ChatStatusMessages.ToolAwaitingApproval("web_search")}",
        ];
        Assert.Equal(firstRequest, Show(pipeline.Seen));
        Assert.Equal((3, 1, 0, 0, 0, 2), pipeline.Counts());

        conversation.AddRange(first.Messages);
        conversation.Add(new ChatMessage(ChatRole.User, [.. first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().Select(r => r.CreateResponse(approved: true))]));
        await pipeline.Client.GetResponseAsync(conversation, options);

        Assert.Equal(
            [
                .. firstRequest,
                $"2 Executing {ChatStatusMessages.ExecutingTool("delete_file")}",
                $"2 Completed {ChatStatusMessages.ToolCompleted("delete_file")}",
                $"3 Executing {ChatStatusMessages.ExecutingTool("web_search")}",
                $"3 Completed {ChatStatusMessages.ToolCompleted("web_search")}",
                $"4 Executing {ChatStatusMessages.SendingToolResults}",
                $"4 Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((4, 4, 0, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task An_approved_call_whose_request_is_cancelled_before_it_runs_fails_as_not_run()
    {
        using var cancel = new CancellationTokenSource();
        var stop = new ApprovalRequiredAIFunction(CancelsItsRequest(cancel, "stop"));
        var pipeline = Build(new ScriptedChatClient().Then(Call("c1", "stop"), Call("c2", "delete_file", new() { ["path"] = "/tmp/x" })));
        var options = new ChatOptions { Tools = [stop, DeleteFile] };
        List<ChatMessage> conversation = [new(ChatRole.User, "stop, then clean up")];

        var first = await pipeline.Client.GetResponseAsync(conversation, options);
        conversation.AddRange(first.Messages);
        conversation.Add(new ChatMessage(ChatRole.User, [.. first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().Select(r => r.CreateResponse(approved: true))]));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.Client.GetResponseAsync(conversation, options, cancel.Token));

        Assert.Equal(
            [
                $"2 Executing {ChatStatusMessages.ExecutingTool("stop")}",
                $"2 Failed {ChatStatusMessages.ToolFailed("stop", "cancelled")}",
                $"3 Failed {ChatStatusMessages.ToolFailed("delete_file", "not run: the request was cancelled")}",
            ],
            Show(pipeline.Seen.Skip(4)));
        Assert.Equal((3, 1, 2, 0, 0, 0), pipeline.Counts());
    }
}
