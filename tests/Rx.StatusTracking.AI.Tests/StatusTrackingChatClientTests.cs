using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TestTools;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

public class StatusTrackingChatClientTests
{
    [Fact]
    public async Task A_turn_with_tool_calls_reports_every_step_including_failures_and_unknown_tools()
    {
        var model = new ScriptedChatClient()
            .Then(Call("c1", "web_search", new() { ["query"] = "Oslo weather" }), Call("c2", "weather_api"), Call("c3", "teleport"))
            .Then(new TextContent("Pack a raincoat."));
        var (client, seen, _) = Build(model);

        var response = await client.GetResponseAsync("What should I pack for Oslo?", new ChatOptions { Tools = [WebSearch, WeatherApi] });

        Assert.Equal("Pack a raincoat.", response.Text);
        Assert.Equal(
            [
                $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"1 Completed {ChatStatusMessages.ReceivedResponse}",
                $"2 Pending {ChatStatusMessages.ToolQueued("web_search")}",
                $"3 Pending {ChatStatusMessages.ToolQueued("weather_api")}",
                $"4 Failed {ChatStatusMessages.ToolFailed("teleport", "not found")}",
                $"2 Executing {ChatStatusMessages.ExecutingTool("web_search")}",
                $"2 Completed {ChatStatusMessages.ToolCompleted("web_search")}",
                $"3 Executing {ChatStatusMessages.ExecutingTool("weather_api")}",
                $"3 Failed {ChatStatusMessages.ToolFailed("weather_api", "HTTP 503")}",
                $"5 Executing {ChatStatusMessages.SendingToolResults}",
                $"5 Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(seen));

        var searched = (ToolCallData)seen[6].Data!;
        Assert.Equal(("c1", "web_search", "Oslo weather"), (searched.CallId, searched.ToolName, searched.Arguments!["query"]?.ToString()));
        Assert.NotNull(searched.Duration);
        Assert.Equal("System.Net.Http.HttpRequestException", seen[8].Error!.Type);
        var final = (ModelCallData)seen[10].Data!;
        Assert.Equal(("gpt-4o", 2, 0), (final.ModelId, final.Iteration, final.ToolCalls));
        Assert.Equal(3, ((ModelCallData)seen[1].Data!).ToolCalls);
    }

    [Fact]
    public async Task Concurrent_tool_calls_over_several_iterations_each_get_their_own_step()
    {
        var bothRunning = new Barrier(2);
        // Slow tools are asynchronous; each waits until the other is running too, which only concurrency allows.
        async Task<string> Slow(string result)
        {
            await Task.Yield();
            Assert.True(bothRunning.SignalAndWait(TimeSpan.FromSeconds(30)), "The tools did not run concurrently.");
            return result;
        }

        var slowA = AIFunctionFactory.Create(() => Slow("a"), "slow_a");
        var slowB = AIFunctionFactory.Create(() => Slow("b"), "slow_b");
        var model = new ScriptedChatClient()
            .Then(Call("c1", "slow_a"), Call("c2", "slow_b"))
            .Then(Call("c3", "web_search", new() { ["query"] = "more" }))
            .Then(new TextContent("done"));
        var (client, seen, tracker) = Build(model, o => o.ConfigureFunctionInvocation = f => f.AllowConcurrentInvocation = true);

        await client.GetResponseAsync("go", new ChatOptions { Tools = [slowA, slowB, WebSearch] });

        // Model calls and the later tool, in order; the two concurrent tools are checked below.
        Assert.Equal(
            ["1 Executing", "1 Completed", "4 Executing", "4 Completed", "5 Pending", "5 Executing", "5 Completed", "6 Executing", "6 Completed"],
            seen.Where(s => s.Step is not (2 or 3)).Select(s => $"{s.Step} {s.State}"));

        // Both slow tools ran at once (the barrier needs both), each on its own step.
        foreach (var step in new[] { 2, 3 })
        {
            Assert.Equal([StatusState.Pending, StatusState.Executing, StatusState.Completed], seen.Where(s => s.Step == step).Select(s => s.State));
        }

        var lastStart = seen.Where(s => s.Step is 2 or 3 && s.State == StatusState.Executing).Max(s => s.Sequence);
        var firstEnd = seen.Where(s => s.Step is 2 or 3 && s.State == StatusState.Completed).Min(s => s.Sequence);
        Assert.True(lastStart < firstEnd, "Both tools started before either finished.");
        Assert.Equal(ChatStatusMessages.SendingToolResults, seen.First(s => s.Step == 4).Description);
        Assert.Equal(6, tracker.GetSummary().CompletedSteps);
    }

    [Fact]
    public async Task A_streamed_turn_completes_the_model_step_when_the_stream_ends()
    {
        var model = new ScriptedChatClient()
            .ThenStream(
                new ChatResponseUpdate(ChatRole.Assistant, "Let me "),
                new ChatResponseUpdate(ChatRole.Assistant, [Call("c1", "web_search", new() { ["query"] = "x" })]),
                new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 12, OutputTokenCount = 5, TotalTokenCount = 17 })]))
            .ThenStream(new ChatResponseUpdate(ChatRole.Assistant, "Found it."));
        var (client, seen, _) = Build(model);

        var text = string.Concat(await client.GetStreamingResponseAsync("search", new ChatOptions { Tools = [WebSearch] }).Select(u => u.Text).ToListAsync());

        Assert.Equal("Let me Found it.", text);
        Assert.Equal([.. OneToolRound("web_search"), $"3 Completed {ChatStatusMessages.ReceivedFinal}"],
            Show(seen));
        var first = (ModelCallData)seen[1].Data!;
        Assert.NotNull(first.TimeToFirstChunk);
        Assert.Equal((12L, 5L, 17L), (first.InputTokens!.Value, first.OutputTokens!.Value, first.TotalTokens!.Value));
    }

    [Fact]
    public async Task An_exception_from_the_model_fails_the_step_and_reaches_the_caller_unchanged()
    {
        var boom = new HttpRequestException("HTTP 429 Too Many Requests");
        var model = new ScriptedChatClient().ThenRespond((_, _) => Task.FromException<ChatResponse>(boom));
        var (client, seen, _) = Build(model);

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Same(boom, thrown);
        var failed = seen[^1];
        Assert.Equal((1, StatusState.Failed, ChatStatusMessages.ModelFailed("HTTP 429 Too Many Requests")), (failed.Step, failed.State, failed.Description));
        Assert.Equal("System.Net.Http.HttpRequestException", failed.Error!.Type);
    }

    [Fact]
    public async Task Cancellation_fails_the_step_with_a_cancellation_error()
    {
        using var cancel = new CancellationTokenSource();
        var model = new ScriptedChatClient().ThenRespond(async (_, token) =>
        {
            await cancel.CancelAsync();
            token.ThrowIfCancellationRequested();
            return new ChatResponse();
        });
        var (client, seen, _) = Build(model);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hi", cancellationToken: cancel.Token));

        Assert.Equal(ChatStatusMessages.ModelFailed("cancelled"), seen[^1].Description);
        Assert.Equal(StatusState.Failed, seen[^1].State);
        Assert.Contains("OperationCanceledException", seen[^1].Error!.Type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_while_a_slow_tool_runs_fails_the_tools_step_with_a_cancellation_error()
    {
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = AIFunctionFactory.Create(
            async (CancellationToken token) =>
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, token);
                return "never";
            },
            "slow_report");
        var model = new ScriptedChatClient().Then(Call("c1", "slow_report"));
        var (client, seen, _) = Build(model);

        var turn = client.GetResponseAsync("report", new ChatOptions { Tools = [slow] }, cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => turn);
        Assert.Equal(
            [
                $"2 Pending {ChatStatusMessages.ToolQueued("slow_report")}",
                $"2 Executing {ChatStatusMessages.ExecutingTool("slow_report")}",
                $"2 Failed {ChatStatusMessages.ToolFailed("slow_report", "cancelled")}",
            ],
            Show(seen.Where(s => s.Step == 2)));
        Assert.Equal(typeof(TaskCanceledException).FullName, seen[^1].Error!.Type);
        Assert.NotNull(((ToolCallData)seen[^1].Data!).Duration);
    }

    [Fact]
    public async Task Abandoning_a_stream_fails_the_model_step()
    {
        var model = new ScriptedChatClient().ThenStream(new ChatResponseUpdate(ChatRole.Assistant, "a"), new ChatResponseUpdate(ChatRole.Assistant, "b"));
        var (client, seen, _) = Build(model);

        await foreach (var update in client.GetStreamingResponseAsync("hi"))
        {
            break;
        }

        Assert.Equal(ChatStatusMessages.ModelFailed("the response stream was abandoned before it ended"), seen[^1].Description);
    }

    [Fact]
    public async Task A_tool_that_needs_approval_is_reported_waiting_for_input()
    {
        var model = new ScriptedChatClient().Then(Call("c1", "delete_file", new() { ["path"] = "/tmp/x" }));
        var (client, seen, _) = Build(model);

        var response = await client.GetResponseAsync("clean up", new ChatOptions { Tools = [DeleteFile] });

        Assert.Contains(response.Messages.SelectMany(m => m.Contents), c => c is ToolApprovalRequestContent);
        Assert.Equal($"2 AwaitingInput {ChatStatusMessages.ToolAwaitingApproval("delete_file")}", Show(seen)[^1]);
    }

    [Fact]
    public async Task A_rejected_approval_ends_the_tools_step_failed_and_an_approved_one_runs_it()
    {
        var model = new ScriptedChatClient()
            .Then(Call("c1", "delete_file", new() { ["path"] = "/tmp/x" }), Call("c2", "delete_file", new() { ["path"] = "/tmp/y" }))
            .Then(new TextContent("Deleted /tmp/y only."));
        var (client, seen, _) = Build(model);
        var options = new ChatOptions { Tools = [DeleteFile] };
        List<ChatMessage> conversation = [new(ChatRole.User, "clean up")];

        var first = await client.GetResponseAsync(conversation, options);
        conversation.AddRange(first.Messages);
        var requests = first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().ToList();
        conversation.Add(new ChatMessage(ChatRole.User, [requests[0].CreateResponse(approved: false), requests[1].CreateResponse(approved: true)]));
        await client.GetResponseAsync(conversation, options);

        var shown = Show(seen);
        Assert.Contains($"2 Failed {ChatStatusMessages.ToolFailed("delete_file", "not run: its approval was rejected")}", shown);
        Assert.Contains($"3 Completed {ChatStatusMessages.ToolCompleted("delete_file")}", shown);
        Assert.DoesNotContain(seen, s => s.Step == 2 && s.State == StatusState.Executing);
    }

    [Fact]
    public async Task A_call_approved_after_a_reset_runs_on_a_new_step_instead_of_its_forgotten_one()
    {
        var model = new ScriptedChatClient()
            .Then(Call("c1", "delete_file", new() { ["path"] = "/tmp/x" }))
            .Then(new TextContent("Deleted."));
        var (client, seen, tracker) = Build(model);
        var options = new ChatOptions { Tools = [DeleteFile] };
        List<ChatMessage> conversation = [new(ChatRole.User, "clean up")];

        var first = await client.GetResponseAsync(conversation, options);
        conversation.AddRange(first.Messages);
        tracker.Reset();
        var request = first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().Single();
        conversation.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true)]));
        await client.GetResponseAsync(conversation, options);

        Assert.Equal(
            [
                $"{ChatStatus.ResetStep} Pending {ChatStatusMessages.TrackerReset}",
                $"1 Executing {ChatStatusMessages.ExecutingTool("delete_file")}",
                $"1 Completed {ChatStatusMessages.ToolCompleted("delete_file")}",
                $"2 Executing {ChatStatusMessages.SendingToolResults}",
                $"2 Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(seen.SkipWhile(s => !s.IsReset)));
    }

    [Fact]
    public async Task Step_numbers_start_over_after_the_tracker_is_reset()
    {
        var model = new ScriptedChatClient().Then(new TextContent("one")).Then(new TextContent("two"));
        var (client, seen, tracker) = Build(model);

        await client.GetResponseAsync("first");
        tracker.Reset();
        await client.GetResponseAsync("second");

        Assert.Equal([1, 1, ChatStatus.ResetStep, 1, 1], seen.Select(s => s.Step));
        Assert.Equal(1, tracker.ResetCount);
    }

    [Fact]
    public async Task Another_provider_gets_a_model_neutral_sentence_naming_the_model()
    {
        var model = new ScriptedChatClient(providerName: "ollama", modelId: "llama3.1").Then(new TextContent("hi"));
        var (client, seen, _) = Build(model);

        await client.GetResponseAsync("hello");

        Assert.Equal([$"1 Executing {ChatStatusMessages.WaitingForModel("llama3.1")}", $"1 Completed {ChatStatusMessages.ReceivedFinal}"], Show(seen));
    }
}
