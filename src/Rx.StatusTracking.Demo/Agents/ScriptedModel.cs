using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.Demo.Agents;

/// <summary>
/// An in-process model for the agent scenario: answers each request, streamed or not, with the next scripted response
/// after that response's latency on the scenario's clock.
/// </summary>
/// <param name="clock">Where the latency is spent (really, or on the virtual clock).</param>
internal sealed class ScriptedModel(ScenarioClock clock) : IChatClient
{
    public const string ModelId = "scripted";

    private readonly Queue<(TimeSpan Latency, ChatResponse Response)> _responses = new();
    private readonly Lock _gate = new();

    /// <summary>Adds a response: after <paramref name="latency"/>, an assistant message of <paramref name="contents"/>.</summary>
    public ScriptedModel Then(TimeSpan latency, UsageDetails usage, params AIContent[] contents)
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, [.. contents])) { ModelId = ModelId, Usage = usage };
        lock (_gate)
        {
            _responses.Enqueue((latency, response));
        }

        return this;
    }

    /// <summary>Adds a text answer after <paramref name="latency"/>.</summary>
    public ScriptedModel ThenText(TimeSpan latency, UsageDetails usage, string text) => Then(latency, usage, new TextContent(text));

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (latency, response) = Next();
        await clock.WaitAsync(latency, cancellationToken).ConfigureAwait(false);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private (TimeSpan Latency, ChatResponse Response) Next()
    {
        lock (_gate)
        {
            // A script that runs out is a bug in the scenario, not a model outage: say so plainly.
            return _responses.TryDequeue(out var next)
                ? next
                : throw new InvalidOperationException("The scripted model has no response left: the scenario asked it more often than it scripted.");
        }
    }
}
