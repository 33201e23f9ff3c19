using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.Benchmarks.AI;

/// <summary>
/// A scripted chat turn (the model asks for three tools, then answers) through the real
/// <see cref="FunctionInvokingChatClient"/>, untracked (the anchor) and with <c>UseStatusTracking</c> reporting to a
/// tracker with one subscriber (13 statuses per turn), either one tracker for the built client or a tracker picked per
/// request (<see cref="ChatStatusScope"/>). The tracker is reset every 100 turns, as a host reusing it per
/// conversation would. <see cref="ModelMicroseconds"/> is how long each of the two model calls takes (a CPU spin, so
/// it is steady): 0 is a model that answers instantly, which no real one does; 20 and 50 µs are faster than one HTTP
/// round trip on loopback; 200 µs is still far below any network call to a model.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ChatTurnBenchmarks
{
    private readonly ChatMessage[] _question = [new(ChatRole.User, "What should I pack for Oslo?")];
    private ChatOptions _options = null!;
    private IChatClient _untracked = null!;
    private IChatClient _tracked = null!;
    private IChatClient _trackedPerRequest = null!;
    private ChatStatusTracker _tracker = null!;
    private int _turns;
    private long _seen;

    /// <summary>How long each model call takes, in microseconds.</summary>
    [Params(0, 20, 50, 200)]
    public int ModelMicroseconds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _options = new ChatOptions
        {
            Tools =
            [
                AIFunctionFactory.Create((string query) => $"results for {query}", "web_search"),
                AIFunctionFactory.Create((string city) => $"4 °C in {city}", "weather_api"),
                AIFunctionFactory.Create(() => "12 orders", "order_history"),
            ],
        };
        _untracked = new ChatClientBuilder(new ToolCallingModel(ModelMicroseconds)).UseFunctionInvocation().Build();
        _tracker = new ChatStatusTracker();
        _tracker.Subscribe(s => _seen += s.Step);
        _tracked = new ChatClientBuilder(new ToolCallingModel(ModelMicroseconds)).UseStatusTracking(_tracker).Build();
        _trackedPerRequest = new ChatClientBuilder(new ToolCallingModel(ModelMicroseconds)).UseStatusTracking((_, _) => ChatStatusScope.Current).Build();
    }

    [GlobalCleanup]
    public void Cleanup() => _tracker.Dispose();

    [Benchmark(Baseline = true, Description = "FunctionInvokingChatClient, untracked")]
    public Task<ChatResponse> Untracked() => _untracked.GetResponseAsync(_question, _options);

    [Benchmark(Description = "UseStatusTracking(tracker)")]
    public Task<ChatResponse> Tracked()
    {
        ResetEvery100Turns();
        return _tracked.GetResponseAsync(_question, _options);
    }

    [Benchmark(Description = "UseStatusTracking(selector), ChatStatusScope")]
    public async Task<ChatResponse> TrackedPerRequest()
    {
        ResetEvery100Turns();
        using (ChatStatusScope.Begin(_tracker))
        {
            return await _trackedPerRequest.GetResponseAsync(_question, _options);
        }
    }

    private void ResetEvery100Turns()
    {
        if (++_turns % 100 == 0)
        {
            _tracker.Reset();
        }
    }

    /// <summary>Asks for three tools on the first call of a turn and answers once their results come back.</summary>
    private sealed class ToolCallingModel(int microseconds) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var until = System.Diagnostics.Stopwatch.GetTimestamp() + (microseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000);
            while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(10);
            }

            // A new response every time: the function-invocation client adds the turn's messages to the final one.
            if (messages.Any(m => m.Role == ChatRole.Tool))
            {
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Pack a raincoat.")) { ModelId = "gpt-4o" });
            }

            var calls = new ChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("c1", "web_search", new Dictionary<string, object?> { ["query"] = "Oslo" }),
                new FunctionCallContent("c2", "weather_api", new Dictionary<string, object?> { ["city"] = "Oslo" }),
                new FunctionCallContent("c3", "order_history"),
            ]);
            return Task.FromResult(new ChatResponse(calls) { ModelId = "gpt-4o" });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", defaultModelId: "gpt-4o") : null;

        public void Dispose()
        {
        }
    }
}
