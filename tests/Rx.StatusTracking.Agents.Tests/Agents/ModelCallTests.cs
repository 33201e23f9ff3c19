using System.Reactive.Linq;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.Agents.Tests.Support;

namespace Rx.StatusTracking.Agents.Tests.Agents;

/// <summary>The model calls of a run whose tool calls the function middleware times: children of the run, between the tool calls.</summary>
public sealed class ModelCallTests : IDisposable
{
    // The model's first answer asks for a lookup, which starts.
    private static readonly string[] UpToTheLookup =
    [
        "1 Executing: The agent planner is working.",
        "2 in 1 Executing: Waiting for the model to respond.",
        "2 in 1 Completed: Received a response from the model.",
        "3 in 1 Executing: Running the lookup tool.",
    ];

    private readonly Recording _recording = new();

    public void Dispose() => _recording.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_model_call_ends_when_its_first_tool_call_starts_and_the_next_starts_when_the_last_one_ended(bool streamed)
    {
        // The model takes 2 s per answer and asks twice for two calls; each call takes 1 s.
        var model = new ScriptedChatClient { OnRequest = () => _recording.Wait(2) }
            .Then(Lookup("call1", "Oslo"), Lookup("call2", "Bergen"), Usage(10))
            .Then(Lookup("call3", "Tromsø"), Lookup("call4", "Bodø"), Usage(20))
            .Then(new TextContent("Go north."), Usage(30));
        var agent = Planner(model, [AIFunctionFactory.Create((string city) => { _recording.Wait(1); return $"Sunny in {city}"; }, "lookup")]);

        Assert.Equal("Go north.", await RunAsync(agent, streamed, CancellationToken.None));

        Assert.Equal(
            [
                .. UpToTheLookup,
                "3 in 1 Completed: The lookup tool finished.",
                "4 in 1 Executing: Running the lookup tool.",
                "4 in 1 Completed: The lookup tool finished.",
                "5 in 1 Executing: Sending the tool results back to the model.",
                "5 in 1 Completed: Received a response from the model.",
                "6 in 1 Executing: Running the lookup tool.",
                "6 in 1 Completed: The lookup tool finished.",
                "7 in 1 Executing: Running the lookup tool.",
                "7 in 1 Completed: The lookup tool finished.",
                "8 in 1 Executing: Sending the tool results back to the model.",
                "8 in 1 Completed: Received the final answer.",
                "1 Completed: The agent planner finished.",
            ],
            _recording.Lines);

        // Streamed, each answer's usage arrives while its call is open; whole, only the run has it (after every call).
        long? Tokens(long count) => streamed ? count : null;
        Assert.Equal(
            [
                new ModelCallData(null, 1, TimeSpan.FromSeconds(2), null, Tokens(10), Tokens(1), Tokens(11), 2),
                new ModelCallData(null, 2, TimeSpan.FromSeconds(2), null, Tokens(20), Tokens(1), Tokens(21), 2),
                new ModelCallData(null, 3, TimeSpan.FromSeconds(2), null, Tokens(30), Tokens(1), Tokens(31), 0),
            ],
            _recording.Tracker.History.Where(s => s.State == StatusState.Completed).Select(s => s.Data).OfType<ModelCallData>());
        var started = _recording.Tracker.History[0].Timestamp;
        Assert.Equal([0, 0, 2, 2, 3, 3, 4, 4, 6, 6, 7, 7, 8, 8, 10, 10], _recording.Tracker.History.Select(s => (s.Timestamp - started).TotalSeconds));
        var run = Assert.IsType<AgentRunData>(_recording.Tracker.History[^1].Data);
        Assert.Equal((TimeSpan.FromSeconds(10), 60L, 3L, 63L, 4), (run.Duration, run.InputTokens, run.OutputTokens, run.TotalTokens, run.ToolCalls));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_concurrent_tool_calls_the_next_model_call_starts_when_the_last_of_them_ended(bool streamed)
    {
        // The first call waits for the second, which starts and ends while it waits: both run at once, the first ends last.
        var secondEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watching = _recording.Tracker
            .Where(s => Recording.Line(s) == "4 in 1 Completed: The sights tool finished.")
            .Subscribe(_ => secondEnded.TrySetResult());
        var first = AIFunctionFactory.Create(
            async (string city) =>
            {
                await secondEnded.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                return $"Sunny in {city}";
            },
            "forecast");
        var second = AIFunctionFactory.Create(
            (string city) =>
            {
                _recording.Wait(3);
                return $"Oslo has {city}";
            },
            "sights");
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("call1", "forecast", City("Oslo")), new FunctionCallContent("call2", "sights", City("fjords")))
            .ThenText("Pack a coat.");
        var client = model.AsBuilder().UseFunctionInvocation(configure: invoking => invoking.AllowConcurrentInvocation = true).Build();
        var agent = Planner(client, [first, second]);

        Assert.Equal("Pack a coat.", await RunAsync(agent, streamed, CancellationToken.None));

        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Waiting for the model to respond.",
                "2 in 1 Completed: Received a response from the model.",
                "3 in 1 Executing: Running the forecast tool.",
                "4 in 1 Executing: Running the sights tool.",
                "4 in 1 Completed: The sights tool finished.",
                "3 in 1 Completed: The forecast tool finished.",
                "5 in 1 Executing: Sending the tool results back to the model.",
                "5 in 1 Completed: Received the final answer.",
                "1 Completed: The agent planner finished.",
            ],
            _recording.Lines);
        Assert.Equal(_recording.Tracker.History[6].Timestamp, _recording.Tracker.History[7].Timestamp);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_model_call_that_fails_or_is_cancelled_after_a_tool_call_fails_with_the_run(bool streamed, bool cancelled)
    {
        using var cancel = new CancellationTokenSource();
        Exception failure = cancelled ? new OperationCanceledException(cancel.Token) : new HttpRequestException("HTTP 503");
        var model = new ScriptedChatClient { OnRequest = () => _recording.Wait(2) }
            .Then(Lookup("call1", "Oslo"))
            .ThenRespond(() =>
            {
                if (cancelled)
                {
                    cancel.Cancel();
                }

                throw failure;
            });
        var agent = Planner(model, [AIFunctionFactory.Create((string city) => $"Sunny in {city}", "lookup")]);

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(agent, streamed, cancel.Token));

        Assert.Same(failure, thrown);
        var reason = cancelled ? "cancelled" : "HTTP 503";
        Assert.Equal(
            [
                .. UpToTheLookup,
                "3 in 1 Completed: The lookup tool finished.",
                "4 in 1 Executing: Sending the tool results back to the model.",
                $"4 in 1 Failed: The model call failed: {reason}.",
                $"1 Failed: The agent planner failed: {reason}.",
            ],
            _recording.Lines);
        var failed = _recording.Tracker.History[6];
        Assert.Equal((failure.GetType().FullName, failure.Message), (failed.Error?.Type, failed.Error?.Message));
        Assert.Equal(new ModelCallData(null, 2, TimeSpan.FromSeconds(2)), failed.Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_cancelled_during_a_tool_call_starts_no_model_call_after_it(bool streamed)
    {
        using var cancel = new CancellationTokenSource();
        var model = new ScriptedChatClient().Then(Lookup("call1", "Oslo")).ThenText("never asked");
        var lookup = AIFunctionFactory.Create(
            string (string city, CancellationToken token) =>
            {
                cancel.Cancel();
                token.ThrowIfCancellationRequested();
                return city;
            },
            "lookup");
        var agent = Planner(model, [lookup]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(agent, streamed, cancel.Token));

        Assert.Equal(
            [
                .. UpToTheLookup,
                "3 in 1 Failed: The lookup tool failed: cancelled.",
                "1 Failed: The agent planner failed: cancelled.",
            ],
            _recording.Lines);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task A_model_call_names_the_model_the_chat_client_names()
    {
        var model = new ScriptedChatClient { Metadata = new ChatClientMetadata("ollama", defaultModelId: "llama3.1") }.ThenText("Hello.");

        await Planner(model, []).RunAsync("Hi.");

        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Waiting for the model llama3.1 to respond.",
                "2 in 1 Completed: Received the final answer.",
                "1 Completed: The agent planner finished.",
            ],
            _recording.Lines);
        Assert.Equal("llama3.1", Assert.IsType<ModelCallData>(_recording.Tracker.History[2].Data).ModelId);
    }

    private static async Task<string> RunAsync(AIAgent agent, bool streamed, CancellationToken cancellationToken)
    {
        if (!streamed)
        {
            return (await agent.RunAsync("Plan my trip.", cancellationToken: cancellationToken)).Text;
        }

        var text = "";
        await foreach (var update in agent.RunStreamingAsync("Plan my trip.", cancellationToken: cancellationToken))
        {
            text += update.Text;
        }

        return text;
    }

    private AIAgent Planner(IChatClient model, AITool[] tools) =>
        new ChatClientAgent(model, name: "planner", tools: tools).AsBuilder().UseStatusTracking(_recording.Tracker).Build();

    private static FunctionCallContent Lookup(string callId, string city) => new(callId, "lookup", City(city));

    private static Dictionary<string, object?> City(string city) => new() { ["city"] = city };

    private static UsageContent Usage(long input) =>
        new(new UsageDetails { InputTokenCount = input, OutputTokenCount = 1, TotalTokenCount = input + 1 });
}
