using BenchmarkDotNet.Attributes;

namespace Rx.StatusTracking.Benchmarks.Serialization;

/// <summary>
/// What writing one status to the wire contract costs (<see cref="StatusJson.SerializeToUtf8Bytes(ChatStatus)"/>, what
/// the web endpoints and the Redis publisher pay per status): a tool call's status with small anonymous data, as the
/// Redis publish benchmark records, and one without data. Run with <c>--filter '*StatusJsonBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class StatusJsonBenchmarks
{
    private ChatStatus _withData = null!;
    private ChatStatus _withoutData = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var tracker = new ChatStatusTracker();
        _withData = tracker.Executing(1, ChatStatusMessages.ExecutingTool("web_search"), new { query = "reactive extensions", attempt = 1 });
        _withoutData = tracker.Completed(1, ChatStatusMessages.ToolCompleted("web_search"));
    }

    [Benchmark(Baseline = true, Description = "status without data")]
    public byte[] WithoutData() => StatusJson.SerializeToUtf8Bytes(_withoutData);

    [Benchmark(Description = "status with anonymous data")]
    public byte[] WithData() => StatusJson.SerializeToUtf8Bytes(_withData);
}
