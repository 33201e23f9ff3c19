using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>What the model client's metadata says that a model call's sentences and data need; it does not change.</summary>
/// <param name="IsOpenAI">Whether the provider is OpenAI (its waiting sentence names it).</param>
/// <param name="DefaultModelId">The model asked when a request names none.</param>
internal sealed record ModelFacts(bool IsOpenAI, string? DefaultModelId)
{
    /// <summary>The facts of a client's <see cref="ChatClientMetadata"/> (none known when it has none).</summary>
    public static ModelFacts Of(ChatClientMetadata? metadata) =>
        new(metadata?.ProviderName?.Contains("openai", StringComparison.OrdinalIgnoreCase) == true, metadata?.DefaultModelId);
}
