using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Rx.StatusTracking.Benchmarks.Serialization;

/// <summary>
/// The "Bytes" column of <see cref="PayloadCompressionBenchmarks"/>: how many bytes a row's status takes stored with its
/// codec (the plain JSON, or the compressed bytes), computed with the same <see cref="PayloadCodecs"/> the benchmark runs.
/// </summary>
internal sealed class StoredBytesColumn : IColumn
{
    private static readonly ConcurrentDictionary<(PayloadKind, PayloadCodec), int> Sizes = new();

    public string Id => nameof(StoredBytesColumn);

    public string ColumnName => "Bytes";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Bytes stored per status with the row's codec (plain: the JSON)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var kind = (PayloadKind)benchmarkCase.Parameters[nameof(PayloadCompressionBenchmarks.Payload)]!;
        var codec = (PayloadCodec)benchmarkCase.Parameters[nameof(PayloadCompressionBenchmarks.Codec)]!;
        var size = Sizes.GetOrAdd((kind, codec), static key => PayloadCodecs.Encode(SamplePayloads.Create(key.Item1), key.Item2).Length);
        return size.ToString("N0", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
