using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.Benchmarks.AI;

/// <summary>
/// A scripted chat turn (the model asks for three tools, then answers) through the real
/// <see cref="FunctionInvokingChatClient"/>, untracked (the anchor) and with <c>UseStatusTracking</c> reporting to a
/// tracker with one subscriber. The tracker is reset every 100 turns, as a host reusing it per conversation would.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ChatTurnBenchmarks
{
    private readonly ChatMessage[] _question = [new(ChatRole.User, "What should I pack for Oslo?")];
    private ChatOptions _options = null!;
    private IChatClient _untracked = null!;
    private IChatClient _tracked = null!;
    private ChatStatusTracker _tracker = null!;
    private int _turns;
    private long _seen;

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
        _untracked = new ChatClientBuilder(new ToolCallingModel()).UseFunctionInvocation().Build();
        _tracker = new ChatStatusTracker();
        _tracker.Subscribe(s => _seen += s.Step);
        _tracked = new ChatClientBuilder(new ToolCallingModel()).UseStatusTracking(_tracker).Build();
    }

    [GlobalCleanup]
    public void Cleanup() => _tracker.Dispose();

    [Benchmark(Baseline = true, Description = "FunctionInvokingChatClient, untracked")]
    public Task<ChatResponse> Untracked() => _untracked.GetResponseAsync(_question, _options);

    [Benchmark(Description = "UseStatusTracking")]
    public Task<ChatResponse> Tracked()
    {
        if (++_turns % 100 == 0)
        {
            _tracker.Reset();
        }

        return _tracked.GetResponseAsync(_question, _options);
    }

    /// <summary>Asks for three tools on the first call of a turn and answers once their results come back.</summary>
    private sealed class ToolCallingModel : IChatClient
    {
        private static readonly ChatResponse Final = new(new ChatMessage(ChatRole.Assistant, "Pack a raincoat.")) { ModelId = "gpt-4o" };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (messages.Any(m => m.Role == ChatRole.Tool))
            {
                return Task.FromResult(Final);
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
