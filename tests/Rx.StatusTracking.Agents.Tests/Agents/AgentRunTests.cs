using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.Agents.Tests.Support;

namespace Rx.StatusTracking.Agents.Tests.Agents;

public sealed class AgentRunTests : IDisposable
{
    private readonly Recording _recording = new();

    public void Dispose() => _recording.Dispose();

    [Fact]
    public async Task A_run_with_a_tool_call_is_a_step_with_the_tool_call_timed_inside_it()
    {
        var agent = PlannerWithLookup(out _);

        var response = await agent.RunAsync("Plan my trip.");

        Assert.Equal("Here is the plan.", response.Text);
        Assert.Equal(RunWithOneToolCall, _recording.Lines);
        AssertRunData(streamed: false);
    }

    [Fact]
    public async Task A_streamed_run_reports_the_same_steps_while_the_updates_flow()
    {
        var agent = PlannerWithLookup(out _);
        var seenWhileStreaming = new List<int>();

        var text = "";
        await foreach (var update in agent.RunStreamingAsync("Plan my trip."))
        {
            seenWhileStreaming.Add(_recording.Tracker.History.Count);
            text += update.Text;
        }

        Assert.Equal("Here is the plan.", text);
        Assert.Equal(RunWithOneToolCall, _recording.Lines);
        Assert.All(seenWhileStreaming, count => Assert.True(count < 8, "the run ends only after its last update"));
        AssertRunData(streamed: true);
    }

    [Fact]
    public async Task A_failing_model_fails_the_run_and_the_same_exception_reaches_the_caller()
    {
        var failure = new HttpRequestException("HTTP 429");
        var model = new ScriptedChatClient().ThenRespond(() => throw failure);
        var agent = new ChatClientAgent(model, name: "planner").AsBuilder().UseStatusTracking(_recording.Tracker).Build();

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => agent.RunAsync("Plan my trip."));

        Assert.Same(failure, thrown);
        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Waiting for the model to respond.",
                "2 in 1 Failed: The model call failed: HTTP 429.",
                "1 Failed: The agent planner failed: HTTP 429.",
            ],
            _recording.Lines);
        Assert.All(
            _recording.Tracker.Failures,
            failed => Assert.Equal((typeof(HttpRequestException).FullName, "HTTP 429"), (failed.Error?.Type, failed.Error?.Message)));
    }

    [Fact]
    public async Task A_failing_tool_is_a_failed_child_and_the_run_goes_on()
    {
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("call1", "lookup", new Dictionary<string, object?> { ["city"] = "Oslo" }))
            .ThenText("No luck.");
        var lookup = AIFunctionFactory.Create(string (string city) => throw new TimeoutException("The weather service did not answer"), "lookup");
        var agent = new ChatClientAgent(model, name: "planner", tools: [lookup]).AsBuilder().UseStatusTracking(_recording.Tracker).Build();

        var response = await agent.RunAsync("Plan my trip.");

        Assert.Equal("No luck.", response.Text);
        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Waiting for the model to respond.",
                "2 in 1 Completed: Received a response from the model.",
                "3 in 1 Executing: Running the lookup tool.",
                "3 in 1 Failed: The lookup tool failed: The weather service did not answer.",
                "4 in 1 Executing: Sending the tool results back to the model.",
                "4 in 1 Completed: Received the final answer.",
                "1 Completed: The agent planner finished.",
            ],
            _recording.Lines);
        Assert.Equal(typeof(TimeoutException).FullName, _recording.Tracker.Failures.Single().Error?.Type);
    }

    [Fact]
    public async Task The_selector_picks_a_tracker_per_run_and_null_leaves_a_run_untracked()
    {
        var model = new ScriptedChatClient().ThenText("one").ThenText("two");
        var seen = new List<string>();
        var agent = new ChatClientAgent(model, name: "planner").AsBuilder()
            .UseStatusTracking((messages, _, _, _) =>
            {
                var text = messages.Last().Text;
                seen.Add(text);
                return text == "track me" ? _recording.Tracker : null;
            })
            .Build();

        await agent.RunAsync("leave me");
        await agent.RunAsync("track me");

        Assert.Equal(["leave me", "track me"], seen);
        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Waiting for the model to respond.",
                "2 in 1 Completed: Received the final answer.",
                "1 Completed: The agent planner finished.",
            ],
            _recording.Lines);
    }

    [Fact]
    public async Task Without_a_function_invoking_client_tool_calls_come_from_the_contents()
    {
        // The model's client is used as it is: the agent hands the call back to its caller instead of running it. No
        // tool call is timed here, so neither are the model calls between them: the run has no model-call steps.
        var model = new ScriptedChatClient().Then(new FunctionCallContent("call1", "lookup", new Dictionary<string, object?> { ["city"] = "Oslo" }));
        var inner = new ChatClientAgent(model, new ChatClientAgentOptions { Name = "planner", UseProvidedChatClientAsIs = true });
        var agent = inner.AsBuilder().UseStatusTracking(_recording.Tracker).Build();

        var response = await agent.RunAsync("Plan my trip.");

        Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Running the lookup tool.",
                "2 in 1 Failed: The lookup tool failed: not run: the agent returned it to the caller.",
                "1 Completed: The agent planner finished.",
            ],
            _recording.Lines);
    }

    [Fact]
    public async Task A_streamed_run_the_caller_stops_reading_ends_failed_rather_than_running()
    {
        var agent = PlannerWithLookup(out _);

        await foreach (var update in agent.RunStreamingAsync("Plan my trip."))
        {
            break;
        }

        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Waiting for the model to respond.",
                "2 in 1 Failed: The model call failed: the response stream was abandoned before it ended.",
                "1 Failed: The agent planner failed: the response stream was abandoned before it ended.",
            ],
            _recording.Lines);
    }

    [Fact]
    public async Task A_cancelled_run_fails_as_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var model = new ScriptedChatClient { OnRequest = cancel.Cancel }.ThenText("never read");
        var agent = new ChatClientAgent(model, name: "planner").AsBuilder().UseStatusTracking(_recording.Tracker).Build();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in agent.RunStreamingAsync("Plan my trip.", cancellationToken: cancel.Token))
            {
            }
        });

        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Waiting for the model to respond.",
                "2 in 1 Failed: The model call failed: cancelled.",
                "1 Failed: The agent planner failed: cancelled.",
            ],
            _recording.Lines);
    }

    private static readonly string[] RunWithOneToolCall =
    [
        "1 Executing: The agent planner is working.",
        "2 in 1 Executing: Waiting for the model to respond.",
        "2 in 1 Completed: Received a response from the model.",
        "3 in 1 Executing: Running the lookup tool.",
        "3 in 1 Completed: The lookup tool finished.",
        "4 in 1 Executing: Sending the tool results back to the model.",
        "4 in 1 Completed: Received the final answer.",
        "1 Completed: The agent planner finished.",
    ];

    // A model that takes 2 s per answer and asks for one lookup, which takes 5 s; the second answer reports usage.
    private AIAgent PlannerWithLookup(out ScriptedChatClient model)
    {
        model = new ScriptedChatClient { OnRequest = () => _recording.Wait(2) }
            .Then(
                new FunctionCallContent("call1", "lookup", new Dictionary<string, object?> { ["city"] = "Oslo", ["apiKey"] = "k" }),
                new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 4, TotalTokenCount = 14 }))
            .Then(
                new TextContent("Here is the plan."),
                new UsageContent(new UsageDetails { InputTokenCount = 20, OutputTokenCount = 6, TotalTokenCount = 26 }));
        var lookup = AIFunctionFactory.Create(
            (string city, string apiKey) =>
            {
                _recording.Wait(5);
                return $"Sunny in {city}";
            },
            "lookup");
        return new ChatClientAgent(model, name: "planner", tools: [lookup]).AsBuilder().UseStatusTracking(_recording.Tracker).Build();
    }

    // A streamed update's usage arrives while its model call is open and is that call's too; a whole response's
    // usage arrives after its model calls ended and is the run's only.
    private void AssertRunData(bool streamed)
    {
        var history = _recording.Tracker.History;
        var tool = Assert.IsType<ToolCallData>(history[4].Data);
        Assert.Equal(("call1", "lookup", TimeSpan.FromSeconds(5)), (tool.CallId, tool.ToolName, tool.Duration));
        Assert.Equal("Oslo", tool.Arguments!["city"]?.ToString());
        Assert.Equal("***", tool.Arguments["apiKey"]);
        Assert.Equal(history[3].Timestamp + TimeSpan.FromSeconds(5), history[4].Timestamp);

        Assert.Equal(
            [
                new ModelCallData(null, 1),
                new ModelCallData(null, 1, TimeSpan.FromSeconds(2), null, streamed ? 10 : null, streamed ? 4 : null, streamed ? 14 : null, 1),
                new ModelCallData(null, 2),
                new ModelCallData(null, 2, TimeSpan.FromSeconds(2), null, streamed ? 20 : null, streamed ? 6 : null, streamed ? 26 : null, 0),
            ],
            history.Select(s => s.Data).OfType<ModelCallData>());

        var run = Assert.IsType<AgentRunData>(history[7].Data);
        Assert.Equal(("planner", TimeSpan.FromSeconds(9), 30L, 10L, 40L, 1), (run.AgentName, run.Duration, run.InputTokens, run.OutputTokens, run.TotalTokens, run.ToolCalls));
    }
}
