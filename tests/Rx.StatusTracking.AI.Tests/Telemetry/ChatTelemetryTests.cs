using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reactive.Concurrency;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.Tests.Telemetry;

namespace Rx.StatusTracking.AI.Tests.Telemetry;

// Spans and metrics of a real pipeline (function invocation included) over a scripted model. The library's meter is
// process-wide: this class runs with no other test class beside it, so what its listener hears is its own.
[Collection(MetricsCollection.Name)]
public sealed class ChatTelemetryTests : IDisposable
{
    private static readonly AIFunction WebSearch = AIFunctionFactory.Create((string query) => $"3 results for {query}", "web_search");
    private static readonly AIFunction WeatherApi = AIFunctionFactory.Create(string () => throw new HttpRequestException("HTTP 503"), "weather_api");

    private readonly ActivityRecorder _spans = new("Rx.StatusTracking.AI.Tests");
    private readonly List<(string Instrument, double Value, string Tags)> _measurements = [];
    private readonly MeterListener _meters = new();

    // Virtual time that never moves: every status has the same timestamp, so every duration is exactly zero.
    private readonly ChatStatusTracker _tracker = new(options: new() { Scheduler = new HistoricalScheduler(DateTimeOffset.UnixEpoch) });

    public ChatTelemetryTests()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StatusTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _meters.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _meters.Start();
    }

    public void Dispose()
    {
        _tracker.Dispose();
        _meters.Dispose();
        _spans.Dispose();
    }

    // A measurement's exact tag set as "key=value" pairs sorted by key.
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Add((instrument.Name, value, Sorted(tags.ToArray())));

    private static ChatResponse Answer(UsageDetails usage, params AIContent[] contents) =>
        new(new ChatMessage(ChatRole.Assistant, [.. contents])) { ModelId = "gpt-4o", Usage = usage };

    private async Task RunTurn(params FunctionCallContent[] calls)
    {
        var model = new ScriptedChatClient()
            .ThenRespond((_, _) => Task.FromResult(Answer(new UsageDetails { InputTokenCount = 12, OutputTokenCount = 5, TotalTokenCount = 17 }, calls)))
            .ThenRespond((_, _) => Task.FromResult(Answer(
                new UsageDetails { InputTokenCount = 30, OutputTokenCount = 7, TotalTokenCount = 37 },
                new TextContent("Pack a raincoat."))));
        var client = new ChatClientBuilder(model).UseStatusTracking(_tracker).Build();
        await client.GetResponseAsync("What should I pack for Oslo?", new ChatOptions { Tools = [WebSearch, WeatherApi] });
    }

    // A span's exact tag set, in the measurements' format.
    private static string TagsOf(Activity activity) => Sorted(activity.TagObjects);

    private static string Sorted(IEnumerable<KeyValuePair<string, object?>> tags) =>
        string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));

    [Fact]
    public async Task Model_call_spans_carry_the_token_usage_of_their_response()
    {
        using var tracing = _tracker.TraceTo(_spans.Source, operationId: "turn-1");

        await RunTurn(new FunctionCallContent("call-1", "web_search", new Dictionary<string, object?> { ["query"] = "Oslo" }));

        Assert.Equal(["chat gpt-4o", "execute_tool web_search", "chat gpt-4o"], _spans.Stopped.Select(a => a.DisplayName));
        Assert.Equal(
            [
                "gen_ai.operation.name=chat, gen_ai.request.model=gpt-4o, gen_ai.usage.input_tokens=12, gen_ai.usage.output_tokens=5, "
                    + $"rx_status.attempt=1, rx_status.description={ChatStatusMessages.ReceivedResponse}, rx_status.operation_id=turn-1, rx_status.step=1",
                "gen_ai.operation.name=execute_tool, gen_ai.tool.call.id=call-1, gen_ai.tool.name=web_search, "
                    + $"rx_status.attempt=1, rx_status.description={ChatStatusMessages.ToolCompleted("web_search")}, rx_status.operation_id=turn-1, rx_status.step=2",
            ],
            _spans.Stopped.Take(2).Select(TagsOf));
        Assert.Equal(12L, _spans.Stopped[0].GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(5L, _spans.Stopped[0].GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(30L, _spans.Stopped[2].GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(7L, _spans.Stopped[2].GetTagItem("gen_ai.usage.output_tokens"));
    }

    [Fact]
    public async Task Metric_tags_are_bounded_sets_with_the_error_type_of_a_failure_and_no_per_call_value()
    {
        using var metrics = _tracker.RecordMetrics();

        await RunTurn(new FunctionCallContent("call-1", "web_search", new Dictionary<string, object?> { ["query"] = "Oslo" }), new FunctionCallContent("call-2", "weather_api"));

        const string Model = "gen_ai.operation.name=chat, gen_ai.request.model=gpt-4o";
        const string Search = "gen_ai.operation.name=execute_tool, gen_ai.tool.name=web_search";
        const string Weather = "error.type=System.Net.Http.HttpRequestException, gen_ai.operation.name=execute_tool, gen_ai.tool.name=weather_api";
        Assert.Equal(
            [
                ("rx_status.steps.started", 1, Model),
                ("rx_status.steps.completed", 1, Model),
                ("rx_status.step.duration", 0, Model),
                ("rx_status.steps.started", 1, Search),
                ("rx_status.steps.completed", 1, Search),
                ("rx_status.step.duration", 0, Search),
                ("rx_status.steps.started", 1, "gen_ai.operation.name=execute_tool, gen_ai.tool.name=weather_api"),
                ("rx_status.steps.failed", 1, Weather),
                ("rx_status.step.duration", 0, Weather),
                ("rx_status.steps.started", 1, Model),
                ("rx_status.steps.completed", 1, Model),
                ("rx_status.step.duration", 0, Model),
            ],
            _measurements);
        string[] perCall = ["call-1", "call-2", "12", "5", "17", "30", "7", "37", "Oslo", ChatStatusMessages.ReceivedResponse];
        Assert.DoesNotContain(_measurements, m => perCall.Any(value => m.Tags.Contains($"={value}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_tool_name_the_model_made_up_is_tagged_other_on_metrics_and_kept_on_the_span()
    {
        using var tracing = _tracker.TraceTo(_spans.Source);
        using var metrics = _tracker.RecordMetrics();

        await RunTurn(new FunctionCallContent("call-9", "rm_rf_everything_7f3a"));

        const string Made = "error.type=_OTHER, gen_ai.operation.name=execute_tool, gen_ai.tool.name=_OTHER";
        Assert.Equal([("rx_status.steps.failed", 1, Made), ("rx_status.step.duration", 0, Made)], _measurements.Where(m => m.Tags.Contains("execute_tool", StringComparison.Ordinal)));
        var span = Assert.Single(_spans.Stopped, a => a.DisplayName.StartsWith("execute_tool", StringComparison.Ordinal));
        Assert.Equal(("execute_tool rm_rf_everything_7f3a", "rm_rf_everything_7f3a"), (span.DisplayName, span.GetTagItem("gen_ai.tool.name")));
    }

    [Fact]
    public async Task The_request_model_stays_the_requested_one_on_spans_and_metrics_when_the_response_names_another()
    {
        using var tracing = _tracker.TraceTo(_spans.Source);
        using var metrics = _tracker.RecordMetrics();
        var model = new ScriptedChatClient(modelId: "gpt-4o").ThenRespond((_, _) => Task.FromResult(
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hello.")) { ModelId = "gpt-4o-2024-08-06" }));
        var client = new ChatClientBuilder(model).UseStatusTracking(_tracker).Build();

        await client.GetResponseAsync("Hi");

        var span = Assert.Single(_spans.Stopped);
        Assert.Equal(("chat gpt-4o", "gpt-4o"), (span.DisplayName, span.GetTagItem("gen_ai.request.model")));
        const string Model = "gen_ai.operation.name=chat, gen_ai.request.model=gpt-4o";
        Assert.Equal([("rx_status.steps.started", 1, Model), ("rx_status.steps.completed", 1, Model), ("rx_status.step.duration", 0, Model)], _measurements);
    }
}
