using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The sentences of the tools one pipeline has found, built once per name. Bounded: a model may send any name, so only
/// the first <see cref="MaxCachedTools"/> names are kept.
/// </summary>
internal sealed class ToolSentenceCache
{
    /// <summary>How many tool names the cache keeps.</summary>
    public const int MaxCachedTools = 256;

    private readonly ConcurrentDictionary<string, ToolSentences> _sentences = new(StringComparer.Ordinal);
    private int _cached;

    /// <summary>The sentences of a tool this pipeline has found before, if any.</summary>
    public bool TryGet(string toolName, [NotNullWhen(true)] out ToolSentences? sentences) => _sentences.TryGetValue(toolName, out sentences);

    /// <summary>A tool's sentences, cached while there is room.</summary>
    public ToolSentences For(string toolName)
    {
        if (_sentences.TryGetValue(toolName, out var sentences))
        {
            return sentences;
        }

        sentences = new ToolSentences(toolName);
        if (Volatile.Read(ref _cached) < MaxCachedTools && _sentences.TryAdd(toolName, sentences))
        {
            Interlocked.Increment(ref _cached);
        }

        return sentences;
    }
}
