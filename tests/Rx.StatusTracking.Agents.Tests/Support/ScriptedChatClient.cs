using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.Agents.Tests.Support;

/// <summary>An in-process model: answers each request, streamed or not, with the next scripted response.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<ChatResponse>> _responses = new();

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    /// <summary>Runs before each response is handed out (e.g. advances a TestScheduler: the model's latency).</summary>
    public Action? OnRequest { get; set; }

    /// <summary>What the client says about itself, when asked for its <see cref="ChatClientMetadata"/>.</summary>
    public ChatClientMetadata? Metadata { get; init; }

    public ScriptedChatClient Then(params AIContent[] contents) =>
        ThenRespond(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, [.. contents])) { ModelId = "scripted" });

    public ScriptedChatClient ThenText(string text, UsageDetails? usage = null) =>
        ThenRespond(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "scripted", Usage = usage });

    public ScriptedChatClient ThenRespond(Func<ChatResponse> respond)
    {
        _responses.Enqueue(respond);
        return this;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        OnRequest?.Invoke();
        return Task.FromResult(_responses.Dequeue()());
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        OnRequest?.Invoke();
        foreach (var update in _responses.Dequeue()().ToChatResponseUpdates())
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType.IsInstanceOfType(this) ? this : serviceType == typeof(ChatClientMetadata) ? Metadata : null;

    public void Dispose()
    {
    }
}
