using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Rx.StatusTracking.Benchmarks.Serialization;

/// <summary>
/// Bytes and CPU per status for what a Redis entry could carry: a typical chat status, a 20 KB tool result and a 1 MB
/// document (see <see cref="SamplePayloads"/>), stored plain or compressed with Brotli (qualities 1, 4, 6) or GZip
/// (Fastest, Optimal). <c>Encode</c> is what a publisher pays per status (serialize, then compress), <c>Decode</c> what
/// each reader pays (inflate within the 1 MiB bound, then deserialize); the Bytes column is what Redis stores. Run with
/// <c>--filter '*PayloadCompression*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BytesConfig))]
public class PayloadCompressionBenchmarks
{
    private ChatStatus _status = null!;
    private byte[] _stored = [];

    /// <summary>The status measured.</summary>
    [Params(PayloadKind.ChatStatus, PayloadKind.ToolResult20K, PayloadKind.Document1M)]
    public PayloadKind Payload { get; set; }

    /// <summary>How it is stored.</summary>
    [ParamsAllValues]
    public PayloadCodec Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _status = SamplePayloads.Create(Payload);
        StatusJson.SerializeToUtf8Bytes(_status, out var fallbacks);
        if (fallbacks != StatusJsonFallbacks.None)
        {
            throw new InvalidOperationException($"The {Payload} sample needed a fallback ({fallbacks}): it would not measure what it says.");
        }

        _stored = PayloadCodecs.Encode(_status, Codec);
    }

    /// <summary>Serialize and compress: the publisher's cost per status.</summary>
    [Benchmark]
    public int Encode() => PayloadCodecs.Encode(_status, Codec).Length;

    /// <summary>Inflate and deserialize: each reader's cost per status.</summary>
    [Benchmark]
    public long Decode() => PayloadCodecs.Decode(_stored, Codec).Sequence;

    private sealed class BytesConfig : ManualConfig
    {
        public BytesConfig() => AddColumn(new StoredBytesColumn());
    }
}
