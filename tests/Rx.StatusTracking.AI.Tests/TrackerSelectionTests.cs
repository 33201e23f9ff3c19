using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>One built client serving many operations, each request reporting to the tracker it selects.</summary>
public class TrackerSelectionTests
{
    private const string OperationKey = "operation";

    private static readonly string[] ATurnWithOneTool = [.. OneToolRound("lookup"), $"3 Completed {ChatStatusMessages.ReceivedFinal}"];

    private static (ChatStatusTracker Tracker, List<ChatStatus> Seen) Recorded()
    {
        var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        var seen = new List<ChatStatus>();
        tracker.Subscribe(s =>
        {
            lock (seen)
            {
                seen.Add(s);
            }
        });
        return (tracker, seen);
    }

    /// <summary>A model that asks for the tool "lookup" with the question as its argument, then answers with the tool's result.</summary>
    private static ScriptedChatClient LookupModel(int requests)
    {
        var model = new ScriptedChatClient();
        for (var i = 0; i < requests; i++)
        {
            model.ThenRespond((request, _) =>
            {
                var result = request.SelectMany(m => m.Contents).OfType<FunctionResultContent>().SingleOrDefault();
                AIContent content = result is null
                    ? new FunctionCallContent($"call-{request[0].Text}", "lookup", new Dictionary<string, object?> { ["query"] = request[0].Text })
                    : new TextContent($"answer: {result.Result}");
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [content])));
            });
        }

        return model;
    }

    private static ChatOptions For(string operation, AIFunction tool) =>
        new() { Tools = [tool], AdditionalProperties = new() { [OperationKey] = operation } };

    [Fact]
    public async Task Concurrent_requests_on_one_client_each_report_to_the_tracker_their_selector_picks()
    {
        var (red, redSeen) = Recorded();
        var (blue, blueSeen) = Recorded();
        var trackers = new Dictionary<string, ChatStatusTracker> { ["red"] = red, ["blue"] = blue };

        // Each request's tool waits until the other request's tool runs too: both turns are in flight at once.
        var bothRunning = new Barrier(2);
        var lookup = AIFunctionFactory.Create(
            async (string query) =>
            {
                await Task.Yield();
                Assert.True(bothRunning.SignalAndWait(TimeSpan.FromSeconds(30)), "The two requests did not overlap.");
                return $"found {query}";
            },
            "lookup");
        var client = new ChatClientBuilder(new SerializedRequests(LookupModel(requests: 4)))
            .UseStatusTracking((_, options) => options?.AdditionalProperties?[OperationKey] is string id ? trackers[id] : null)
            .Build();

        var answers = await Task.WhenAll(
            Task.Run(() => client.GetResponseAsync("red", For("red", lookup))),
            Task.Run(() => client.GetResponseAsync("blue", For("blue", lookup))));

        Assert.Equal(["answer: found red", "answer: found blue"], answers.Select(a => a.Text));
        Assert.Equal(ATurnWithOneTool, Show(redSeen));
        Assert.Equal(ATurnWithOneTool, Show(blueSeen));
        Assert.Equal("call-red", ((ToolCallData)redSeen[3].Data!).CallId);
        Assert.Equal("call-blue", ((ToolCallData)blueSeen[3].Data!).CallId);
    }

    [Fact]
    public async Task A_streamed_request_reports_every_iteration_to_its_selected_tracker()
    {
        var (tracker, seen) = Recorded();
        var (other, otherSeen) = Recorded();
        var lookup = AIFunctionFactory.Create((string query) => $"found {query}", "lookup");
        var model = new ScriptedChatClient()
            .ThenStream(
                new ChatResponseUpdate(ChatRole.Assistant, "Looking. "),
                new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["query"] = "x" })]))
            .ThenStream(new ChatResponseUpdate(ChatRole.Assistant, "Found "), new ChatResponseUpdate(ChatRole.Assistant, "x."));
        var client = new ChatClientBuilder(model).UseStatusTracking((_, options) => options?.ModelId == "mine" ? tracker : other).Build();

        // The model's updates yield between each other, so every MoveNextAsync resumes on the caller's own flow.
        var text = string.Concat(await client.GetStreamingResponseAsync("find x", new ChatOptions { ModelId = "mine", Tools = [lookup] }).Select(u => u.Text).ToListAsync());

        Assert.Equal("Looking. Found x.", text);
        Assert.Equal(ATurnWithOneTool, Show(seen));
        Assert.Empty(otherSeen);
    }

    [Fact]
    public async Task A_request_whose_selector_answers_null_runs_untracked_with_its_tools()
    {
        var (tracker, seen) = Recorded();
        var lookup = AIFunctionFactory.Create((string query) => $"found {query}", "lookup");
        var selected = 0;
        var client = new ChatClientBuilder(LookupModel(requests: 4))
            .UseStatusTracking((_, options) =>
            {
                selected++;
                return options?.ModelId == "tracked" ? tracker : null;
            })
            .Build();

        var answer = await client.GetResponseAsync("plain", new ChatOptions { Tools = [lookup] });

        Assert.Equal("answer: found plain", answer.Text);
        Assert.Equal(1, selected);
        Assert.Empty(seen);
        Assert.Null(tracker.Current);

        // The same client reports the next request, which selects the tracker: the untracked one left nothing behind.
        await client.GetResponseAsync("tracked", new ChatOptions { ModelId = "tracked", Tools = [lookup] });
        Assert.Equal(2, selected);
        Assert.Equal(ATurnWithOneTool.Length, seen.Count);
        Assert.Equal([1, 1, 2, 2, 2, 3, 3], seen.Select(s => s.Step));
    }

    [Fact]
    public async Task A_selector_that_throws_reaches_the_caller_before_the_model_is_asked()
    {
        var model = LookupModel(requests: 1);
        var client = new ChatClientBuilder(model).UseStatusTracking((_, _) => throw new KeyNotFoundException("no operation")).Build();

        var thrown = await Assert.ThrowsAsync<KeyNotFoundException>(() => client.GetResponseAsync("q"));

        Assert.Equal("no operation", thrown.Message);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task The_ambient_scope_selects_the_callers_tracker_and_nested_scopes_restore_the_outer_one()
    {
        var (outer, outerSeen) = Recorded();
        var (inner, innerSeen) = Recorded();
        var model = new ScriptedChatClient().Then(new TextContent("1")).Then(new TextContent("2")).Then(new TextContent("3")).Then(new TextContent("4"));
        var client = new ChatClientBuilder(model).UseStatusTracking((_, _) => ChatStatusScope.Current).Build();

        Assert.Null(ChatStatusScope.Current);
        using (ChatStatusScope.Begin(outer))
        {
            await client.GetResponseAsync("to outer");
            var nested = ChatStatusScope.Begin(inner);
            await client.GetResponseAsync("to inner");
            nested.Dispose();
            nested.Dispose();
            Assert.Same(outer, ChatStatusScope.Current);
            await client.GetResponseAsync("to outer again");
        }

        Assert.Null(ChatStatusScope.Current);
        await client.GetResponseAsync("untracked");

        Assert.Equal(["1 Executing", "1 Completed", "2 Executing", "2 Completed"], outerSeen.Select(s => $"{s.Step} {s.State}"));
        Assert.Equal(["1 Executing", "1 Completed"], innerSeen.Select(s => $"{s.Step} {s.State}"));
        Assert.Throws<ArgumentNullException>(() => ChatStatusScope.Begin(null!));
    }

    [Fact]
    public async Task Scopes_begun_on_concurrent_flows_do_not_see_each_other()
    {
        var trackers = Enumerable.Range(0, 8).Select(_ => Recorded()).ToArray();
        var model = new ScriptedChatClient();
        for (var i = 0; i < trackers.Length; i++)
        {
            model.ThenRespond(async (request, _) =>
            {
                await Task.Delay(1);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, request[0].Text));
            });
        }

        var client = new ChatClientBuilder(new SerializedRequests(model)).UseStatusTracking((_, _) => ChatStatusScope.Current).Build();

        await Task.WhenAll(trackers.Select((t, i) => Task.Run(async () =>
        {
            using (ChatStatusScope.Begin(t.Tracker))
            {
                await Task.Yield();
                await client.GetResponseAsync($"{i}");
            }
        })));

        foreach (var (tracker, seen) in trackers)
        {
            Assert.Equal([StatusState.Executing, StatusState.Completed], seen.Select(s => s.State));
            Assert.Equal(ChatStatusMessages.ReceivedFinal, seen[1].Description);
        }
    }

    [Fact]
    public void The_selector_overload_checks_its_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => new ChatClientBuilder(new ScriptedChatClient()).UseStatusTracking((Func<IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?>)null!));
        Assert.Throws<ArgumentNullException>(() => StatusTrackingChatClientBuilderExtensions.UseStatusTracking(null!, (_, _) => null));
    }

    /// <summary>The scripted model's queue is not thread-safe: this takes one request at a time.</summary>
    private sealed class SerializedRequests(IChatClient inner) : DelegatingChatClient(inner)
    {
        private readonly SemaphoreSlim _one = new(1, 1);

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await _one.WaitAsync(cancellationToken);
            try
            {
                return await base.GetResponseAsync(messages, options, cancellationToken);
            }
            finally
            {
                _one.Release();
            }
        }
    }
}
