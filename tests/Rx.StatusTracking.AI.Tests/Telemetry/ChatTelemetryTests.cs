using System.Diagnostics;
using System.Reactive.Concurrency;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Tests.Telemetry;

// Spans and metrics of a real pipeline (function invocation included) over a scripted model. The library's meter is
// process-wide: this class is the only one of this assembly that records metrics, and xunit runs its tests one at a time.
public sealed class ChatTelemetryTests : IDisposable
{
    private static readonly AIFunction WebSearch = AIFunctionFactory.Create((string query) => $"3 results for {query}", "web_search");

    private readonly ActivitySource _source = new($"Rx.StatusTracking.AI.Tests.{Guid.NewGuid():N}");
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    // Virtual time that never moves: every status has the same timestamp, so every duration is exactly zero.
    private readonly ChatStatusTracker _tracker = new(options: new() { Scheduler = new HistoricalScheduler(DateTimeOffset.UnixEpoch) });

    public ChatTelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s == _source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (_stopped)
                {
                    _stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _tracker.Dispose();
        _listener.Dispose();
        _source.Dispose();
    }

    private static ChatResponse Answer(UsageDetails usage, params AIContent[] contents) =>
        new(new ChatMessage(ChatRole.Assistant, [.. contents])) { ModelId = "gpt-4o", Usage = usage };

    private async Task RunTurnWithOneToolCall()
    {
        var model = new ScriptedChatClient()
            .ThenRespond((_, _) => Task.FromResult(Answer(
                new UsageDetails { InputTokenCount = 12, OutputTokenCount = 5, TotalTokenCount = 17 },
                new FunctionCallContent("call-1", "web_search", new Dictionary<string, object?> { ["query"] = "Oslo" }))))
            .ThenRespond((_, _) => Task.FromResult(Answer(
                new UsageDetails { InputTokenCount = 30, OutputTokenCount = 7, TotalTokenCount = 37 },
                new TextContent("Pack a raincoat."))));
        var client = new ChatClientBuilder(model).UseStatusTracking(_tracker).Build();
        await client.GetResponseAsync("What should I pack for Oslo?", new ChatOptions { Tools = [WebSearch] });
    }

    private static Dictionary<string, object?> TagsOf(Activity activity) => activity.TagObjects.ToDictionary(t => t.Key, t => t.Value);

    [Fact]
    public async Task Model_call_spans_carry_the_token_usage_of_their_response()
    {
        using var tracing = _tracker.TraceTo(_source, operationId: "turn-1");

        await RunTurnWithOneToolCall();

        Assert.Equal(["chat gpt-4o", "execute_tool web_search", "chat gpt-4o"], _stopped.Select(a => a.DisplayName));
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["gen_ai.operation.name"] = "chat",
                ["gen_ai.request.model"] = "gpt-4o",
                ["gen_ai.usage.input_tokens"] = 12L,
                ["gen_ai.usage.output_tokens"] = 5L,
                [StatusTelemetry.StepTag] = 1,
                [StatusTelemetry.AttemptTag] = 1,
                [StatusTelemetry.DescriptionTag] = ChatStatusMessages.ReceivedResponse,
                [StatusTelemetry.OperationIdTag] = "turn-1",
            },
            TagsOf(_stopped[0]));
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["gen_ai.operation.name"] = "execute_tool",
                ["gen_ai.tool.name"] = "web_search",
                ["gen_ai.tool.call.id"] = "call-1",
                [StatusTelemetry.StepTag] = 2,
                [StatusTelemetry.AttemptTag] = 1,
                [StatusTelemetry.DescriptionTag] = ChatStatusMessages.ToolCompleted("web_search"),
                [StatusTelemetry.OperationIdTag] = "turn-1",
            },
            TagsOf(_stopped[1]));
        Assert.Equal(30L, _stopped[2].GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(7L, _stopped[2].GetTagItem("gen_ai.usage.output_tokens"));
    }
}
