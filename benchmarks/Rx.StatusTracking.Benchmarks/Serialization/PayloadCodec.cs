namespace Rx.StatusTracking.Benchmarks.Serialization;

/// <summary>How <see cref="PayloadCompressionBenchmarks"/> stores a status's JSON.</summary>
public enum PayloadCodec
{
    /// <summary>The JSON as it is (serialize / deserialize only).</summary>
    Plain,

    /// <summary>Brotli, quality 1 (what <c>CompressionLevel.Fastest</c> maps to).</summary>
    Brotli1,

    /// <summary>Brotli, quality 4 (what <c>CompressionLevel.Optimal</c> maps to).</summary>
    Brotli4,

    /// <summary>Brotli, quality 6.</summary>
    Brotli6,

    /// <summary>GZip, <c>CompressionLevel.Fastest</c>.</summary>
    GZipFastest,

    /// <summary>GZip, <c>CompressionLevel.Optimal</c>.</summary>
    GZipOptimal,
}
