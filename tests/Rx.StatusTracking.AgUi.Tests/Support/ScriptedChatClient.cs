using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>An in-process model: answers each streamed request with the next scripted stream of updates.</summary>
internal sealed class ScriptedChatClient(string providerName = "openai", string modelId = "gpt-4o") : IChatClient
{
    private readonly Queue<Func<CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>> _streams = new();

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public ScriptedChatClient ThenStream(params ChatResponseUpdate[] updates) => ThenStream(cancellationToken => Yield(updates, cancellationToken));

    public ScriptedChatClient ThenStream(Func<CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> stream)
    {
        _streams.Enqueue(stream);
        return this;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (Requests)
        {
            Requests.Add(messages.ToList());
        }

        return _streams.Dequeue()(cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(providerName, defaultModelId: modelId) : null;

    public void Dispose()
    {
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Yield(ChatResponseUpdate[] updates, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }
    }
}
