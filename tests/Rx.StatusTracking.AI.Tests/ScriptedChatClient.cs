using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>An in-process model: answers each request with the next scripted response (or stream of updates).</summary>
/// <param name="providerName">The provider the metadata names.</param>
/// <param name="modelId">The model the metadata and the responses name.</param>
/// <param name="conversationId">
/// When set, every response and update carries it, as a service that keeps the conversation does (the Responses API):
/// the function-invocation client then sends only the new messages.
/// </param>
internal sealed class ScriptedChatClient(string providerName = "openai", string modelId = "gpt-4o", string? conversationId = null) : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>> _responses = new();
    private readonly Queue<IReadOnlyList<ChatResponseUpdate>> _streams = new();

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public ScriptedChatClient Then(params AIContent[] contents) =>
        ThenRespond((_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [.. contents])) { ModelId = modelId }));

    public ScriptedChatClient ThenRespond(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> respond)
    {
        _responses.Enqueue(respond);
        return this;
    }

    public ScriptedChatClient ThenStream(params ChatResponseUpdate[] updates)
    {
        _streams.Enqueue(updates);
        return this;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = messages.ToList();
        Requests.Add(request);
        var response = await _responses.Dequeue()(request, cancellationToken);
        response.ConversationId ??= conversationId;
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        foreach (var update in _streams.Dequeue())
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            update.ConversationId ??= conversationId;
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(providerName, defaultModelId: modelId) : null;

    public void Dispose()
    {
    }
}
