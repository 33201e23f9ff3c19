using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Tests.Web;

/// <summary>
/// A model for concurrent web requests: answers "answer to {question}", each request waiting inside the model until
/// <paramref name="overlapping"/> requests are there at once (1: no wait), so their chat calls are in flight together.
/// </summary>
internal sealed class OverlappingModel(int overlapping) : IChatClient
{
    private readonly Barrier _together = new(overlapping);
    private int _requests;

    /// <summary>How many requests reached the model.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        await Task.Yield();
        Assert.True(_together.SignalAndWait(TimeSpan.FromSeconds(30), cancellationToken), "The requests did not overlap.");
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"answer to {messages.Last().Text}")) { ModelId = "gpt-4o" };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The web tests ask for whole responses.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", defaultModelId: "gpt-4o") : null;

    public void Dispose() => _together.Dispose();
}
