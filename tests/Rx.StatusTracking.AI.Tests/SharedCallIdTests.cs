using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TestTools;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>
/// Some OpenAI-compatible servers send one constant call id, or an empty one, for every call: each call still ends on
/// its own step, and none is left Pending.
/// </summary>
public class SharedCallIdTests
{
    private static readonly string[] SearchThenWeather =
    [
        $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
        $"1 Completed {ChatStatusMessages.ReceivedResponse}",
        $"2 Pending {ChatStatusMessages.ToolQueued("web_search")}",
        $"3 Pending {ChatStatusMessages.ToolQueued("weather_api")}",
        $"2 Executing {ChatStatusMessages.ExecutingTool("web_search")}",
        $"2 Completed {ChatStatusMessages.ToolCompleted("web_search")}",
        $"3 Executing {ChatStatusMessages.ExecutingTool("weather_api")}",
        $"3 Failed {ChatStatusMessages.ToolFailed("weather_api", "HTTP 503")}",
        $"4 Executing {ChatStatusMessages.SendingToolResults}",
        $"4 Completed {ChatStatusMessages.ReceivedFinal}",
    ];

    [Theory]
    [InlineData("same", false)]
    [InlineData("same", true)]
    [InlineData("", false)]
    [InlineData("", true)]
    public async Task Calls_of_one_response_sharing_a_call_id_each_end_on_their_own_step(string callId, bool streamed)
    {
        AIContent[] calls = [Call(callId, "web_search", new() { ["query"] = "x" }), Call(callId, "weather_api")];
        var model = new ScriptedChatClient()
            .Then(calls).Then(new TextContent("Searched; no weather."))
            .ThenStream(new ChatResponseUpdate(ChatRole.Assistant, calls[..1]), new ChatResponseUpdate(ChatRole.Assistant, calls[1..]))
            .ThenStream(new ChatResponseUpdate(ChatRole.Assistant, "Searched; no weather."));
        var pipeline = Build(model);

        Assert.Equal("Searched; no weather.", await pipeline.AskAsync("go", new ChatOptions { Tools = [WebSearch, WeatherApi] }, streamed));

        Assert.Equal(SearchThenWeather, Show(pipeline.Seen));
        Assert.Equal(
            ["web_search", "web_search", "web_search", "weather_api", "weather_api", "weather_api"],
            pipeline.Seen.Where(s => s.Step is 2 or 3).OrderBy(s => s.Step).Select(s => ((ToolCallData)s.Data!).ToolName));
        Assert.Equal((4, 3, 1, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task Concurrent_requests_on_one_tracker_sending_the_same_call_id_each_run_on_their_own_steps()
    {
        // Request A asks for a gate and a search, both "same"; while the gate holds A, request B asks for the weather with
        // "same" too and runs it first: matched by the call itself, not by the oldest call of that id, it takes its own step.
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = AIFunctionFactory.Create(() => gate.Task, "hold");
        var model = new ScriptedChatClient()
            .Then(Call("same", "hold"), Call("same", "web_search", new() { ["query"] = "x" }))
            .Then(Call("same", "weather_api"))
            .Then(new TextContent("No weather."))
            .Then(new TextContent("Searched."));
        var pipeline = Build(model);
        var options = new ChatOptions { Tools = [hold, WebSearch, WeatherApi] };

        var first = pipeline.Client.GetResponseAsync("search", options);
        Assert.Equal("No weather.", (await pipeline.Client.GetResponseAsync("weather", options)).Text);
        gate.SetResult("open");
        Assert.Equal("Searched.", (await first).Text);

        Assert.Equal(
            [
                $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"1 Completed {ChatStatusMessages.ReceivedResponse}",
                $"2 Pending {ChatStatusMessages.ToolQueued("hold")}",
                $"3 Pending {ChatStatusMessages.ToolQueued("web_search")}",
                $"2 Executing {ChatStatusMessages.ExecutingTool("hold")}",
                $"4 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"4 Completed {ChatStatusMessages.ReceivedResponse}",
                $"5 Pending {ChatStatusMessages.ToolQueued("weather_api")}",
                $"5 Executing {ChatStatusMessages.ExecutingTool("weather_api")}",
                $"5 Failed {ChatStatusMessages.ToolFailed("weather_api", "HTTP 503")}",
                $"6 Executing {ChatStatusMessages.SendingToolResults}",
                $"6 Completed {ChatStatusMessages.ReceivedFinal}",
                $"2 Completed {ChatStatusMessages.ToolCompleted("hold")}",
                $"3 Executing {ChatStatusMessages.ExecutingTool("web_search")}",
                $"3 Completed {ChatStatusMessages.ToolCompleted("web_search")}",
                $"7 Executing {ChatStatusMessages.SendingToolResults}",
                $"7 Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((7, 6, 1, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task Calls_sharing_an_id_that_a_terminating_tool_leaves_unrun_each_fail_on_their_own_step()
    {
        var model = new ScriptedChatClient().Then(Call("same", "finish"), Call("same", "web_search", new() { ["query"] = "x" }), Call("same", "weather_api"));
        var pipeline = Build(model);

        await pipeline.Client.GetResponseAsync("go", new ChatOptions { Tools = [Finish, WebSearch, WeatherApi] });

        Assert.Equal(
            [
                $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"1 Completed {ChatStatusMessages.ReceivedResponse}",
                $"2 Pending {ChatStatusMessages.ToolQueued("finish")}",
                $"3 Pending {ChatStatusMessages.ToolQueued("web_search")}",
                $"4 Pending {ChatStatusMessages.ToolQueued("weather_api")}",
                $"2 Executing {ChatStatusMessages.ExecutingTool("finish")}",
                $"2 Completed {ChatStatusMessages.ToolCompleted("finish")}",
                $"3 Failed {ChatStatusMessages.ToolFailed("web_search", "not run: the finish tool ended the request")}",
                $"4 Failed {ChatStatusMessages.ToolFailed("weather_api", "not run: the finish tool ended the request")}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((4, 2, 2, 0, 0, 0), pipeline.Counts());
    }
}
