using Rx.StatusTracking.AI.Internal;

namespace Rx.StatusTracking.AI;

/// <summary>
/// An ambient tracker for the code running inside a scope, across its awaits (like <c>Activity.Current</c>): lets one
/// shared chat client report each caller's requests to the caller's tracker without passing it through the request.
/// </summary>
/// <example>
/// <code>
/// IChatClient chat = new ChatClientBuilder(model).UseStatusTracking((_, _) => ChatStatusScope.Current).Build();
/// // later, per operation:
/// var tracker = hub.Create(operationId);
/// try
/// {
///     using (ChatStatusScope.Begin(tracker))
///     {
///         var answer = await chat.GetResponseAsync(question);
///     }
/// }
/// finally
/// {
///     tracker.Complete(); // a hub refuses new operations once MaxOperations are still running
/// }
/// </code>
/// </example>
public static class ChatStatusScope
{
    private static readonly AsyncLocal<ChatStatusTracker?> Ambient = new();

    /// <summary>The tracker of the innermost scope open on this flow, or <see langword="null"/>.</summary>
    public static ChatStatusTracker? Current => Ambient.Value;

    /// <summary>
    /// Makes <paramref name="tracker"/> current until the returned scope is disposed, which restores the tracker
    /// that was current before. The scope flows into awaits and tasks started inside it, not back out of the
    /// async method that began it, so dispose it in that method (a <see langword="using"/> statement).
    /// </summary>
    /// <param name="tracker">The tracker that requests made inside the scope report to.</param>
    /// <returns>The scope; disposing it more than once has no further effect.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> is null.</exception>
    public static IDisposable Begin(ChatStatusTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var scope = new Scope(Ambient.Value);
        Ambient.Value = tracker;
        return scope;
    }

    private sealed class Scope(ChatStatusTracker? previous) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Ambient.Value = previous;
            }
        }
    }
}
