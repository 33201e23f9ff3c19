using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Picks the session each request reports to: the fixed tracker's, or the one for the tracker the selector picks, one
/// session per tracker for as long as the tracker lives.
/// </summary>
/// <remarks>
/// A session holds the calls waiting for an approval, which a later request answers, so every request of one tracker
/// must find the same session. The table holds its trackers weakly: a host that makes a tracker per operation does not
/// keep them alive.
/// </remarks>
internal sealed class SessionSelector
{
    private readonly TrackingSession? _fixed;
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?>? _selector;
    private readonly ConditionalWeakTable<ChatStatusTracker, TrackingSession>? _sessions;
    private readonly ConditionalWeakTable<ChatStatusTracker, TrackingSession>.CreateValueCallback? _create;

    private SessionSelector(TrackingSession? fixedSession, Func<IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?>? selector, Func<ChatStatusTracker, TrackingSession>? create)
    {
        _fixed = fixedSession;
        _selector = selector;
        if (create is not null)
        {
            _sessions = new();
            _create = create.Invoke;
        }
    }

    /// <summary>Every request reports to <paramref name="tracker"/>.</summary>
    public static SessionSelector ForTracker(ChatStatusTracker tracker, Func<ChatStatusTracker, TrackingSession> create) =>
        new(create(tracker), selector: null, create: null);

    /// <summary>Each request reports to the tracker <paramref name="selector"/> picks for it, or is not tracked.</summary>
    public static SessionSelector ForSelector(Func<IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?> selector, Func<ChatStatusTracker, TrackingSession> create) =>
        new(fixedSession: null, selector, create);

    /// <summary>The session of a request (the selector is asked once per request); <see langword="null"/> leaves it untracked.</summary>
    public TrackingSession? Select(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (_fixed is not null)
        {
            return _fixed;
        }

        if (_selector!(messages, options) is not { } tracker)
        {
            return null;
        }

        return _sessions!.TryGetValue(tracker, out var session) ? session : _sessions.GetValue(tracker, _create!);
    }
}
