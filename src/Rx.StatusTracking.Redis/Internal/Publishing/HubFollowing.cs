namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Follows every operation of a hub, those it holds and every one added later, until disposed; an evicted operation's
/// handle goes at once, so a long-running hub does not pile them up.
/// </summary>
internal sealed class HubFollowing : IDisposable
{
    private readonly StatusHub _hub;
    private readonly RedisLocation _location;
    private readonly Func<string, ChatStatusTracker, IDisposable?> _follow;
    private readonly Dictionary<string, IDisposable> _followed = new(StringComparer.Ordinal);
    private readonly IDisposable _events;
    private bool _stopped;

    /// <param name="hub">The hub.</param>
    /// <param name="location">Where the publisher writes: operations a mirror reads from there are left out.</param>
    /// <param name="follow">Follows one operation; <see langword="null"/> when it is followed already.</param>
    public HubFollowing(StatusHub hub, RedisLocation location, Func<string, ChatStatusTracker, IDisposable?> follow)
    {
        _hub = hub;
        _location = location;
        _follow = follow;

        // Events first, then the operations already there: an operation added in between is seen twice, and the
        // second attempt finds it followed.
        _events = hub.Events.Subscribe(e =>
        {
            switch (e.Kind)
            {
                case OperationEventKind.Added:
                    Follow(e.OperationId);
                    break;
                case OperationEventKind.Evicted:
                    Forget(e.OperationId);
                    break;
            }
        });
        foreach (var operationId in hub.OperationIds)
        {
            Follow(operationId);
        }
    }

    public void Dispose()
    {
        _events.Dispose();
        List<IDisposable> all;
        lock (_followed)
        {
            _stopped = true;
            all = [.. _followed.Values];
            _followed.Clear();
        }

        all.ForEach(f => f.Dispose());
    }

    private void Follow(string operationId)
    {
        // An operation a mirror reads from where this writes is there already: publishing it would write it twice.
        if (_hub.TryGet(operationId, out var tracker) && !MirroredOperations.Holds(_hub, operationId, tracker, _location) && _follow(operationId, tracker) is { } following)
        {
            lock (_followed)
            {
                if (!_stopped && _followed.TryAdd(operationId, following))
                {
                    return;
                }
            }

            following.Dispose();
        }
    }

    private void Forget(string operationId)
    {
        IDisposable? following;
        lock (_followed)
        {
            _followed.Remove(operationId, out following);
        }

        following?.Dispose();
    }
}
