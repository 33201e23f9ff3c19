namespace Rx.StatusTracking.Benchmarks.Serialization;

/// <summary>The statuses <see cref="PayloadCompressionBenchmarks"/> encodes (see <see cref="SamplePayloads"/>).</summary>
public enum PayloadKind
{
    /// <summary>A typical chat status: a description and a small data object (a few hundred bytes).</summary>
    ChatStatus,

    /// <summary>A tool's result of about 20 KB: web search results as JSON.</summary>
    ToolResult20K,

    /// <summary>A document of about 1 MB: text in a JSON string.</summary>
    Document1M,
}
