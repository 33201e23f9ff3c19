using StackExchange.Redis;

namespace Rx.StatusTracking.Redis;

/// <summary>
/// Keeps a <see cref="StatusHub"/> filled with the operations a Redis index lists: finds them through the
/// publishers' notifications and a slow poll of the index, and feeds each one's tracker from
/// <see cref="RedisStatusSource.Observe"/>.
/// </summary>
internal sealed class HubMirror : IDisposable
{
    private readonly RedisStatusSource _source;
    private readonly StatusHub _hub;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IDisposable?> _mirrored = new(StringComparer.Ordinal);

    // Ids refused because the hub was full of running operations: reported once, tried again once room may have come.
    private readonly HashSet<string> _waitingForRoom = new(StringComparer.Ordinal);
    private bool _roomMayHaveCome;
    private readonly CancellationTokenSource _stop = new();
    private readonly Internal.Signal _announced = new();
    private readonly IDisposable _evictions;
    private readonly Action<RedisChannel, RedisValue> _onAnnounce;
    private readonly Task _discovery;

    public HubMirror(RedisStatusSource source, StatusHub hub)
    {
        _source = source;
        _hub = hub;
        _onAnnounce = (_, _) => _announced.Set();
        _evictions = hub.Events.Subscribe(e =>
        {
            if (e.Kind == OperationEventKind.Evicted)
            {
                StopMirroring(e.OperationId);
            }

            // An operation that completes or leaves makes room: ids a full hub refused are tried at once, not at the next poll.
            if (e.Kind is OperationEventKind.Completed or OperationEventKind.Evicted && HasWaitingForRoom())
            {
                Volatile.Write(ref _roomMayHaveCome, true);
                _announced.Set();
            }
        });
        _discovery = Task.Run(DiscoverAsync);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _evictions.Dispose();
        try
        {
            _discovery.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        List<IDisposable> following;
        lock (_gate)
        {
            following = [.. _mirrored.Values.OfType<IDisposable>()];
            _mirrored.Clear();
        }

        following.ForEach(f => f.Dispose());
        _stop.Dispose();
        _announced.Dispose();
    }

    private async Task DiscoverAsync()
    {
        var token = _stop.Token;
        var subscriber = _source.Subscriber;
        var subscribed = false;
        var failing = false;
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    if (!subscribed)
                    {
                        await subscriber.SubscribeAsync(_source.Names.OperationsChannel, _onAnnounce).ConfigureAwait(false);
                        subscribed = true;
                    }

                    var listed = await _source.GetOperationIdsAsync().ConfigureAwait(false);
                    var roomMayHaveCome = Interlocked.Exchange(ref _roomMayHaveCome, false);
                    foreach (var operationId in listed)
                    {
                        await MirrorOneAsync(operationId, roomMayHaveCome).ConfigureAwait(false);
                    }

                    ForgetGone(listed);
                    failing = false;
                }
                catch (Exception exception) when (Internal.RedisNames.IsTransient(exception))
                {
                    // The readers report outages; discovery just tries again at the next poll.
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Anything else (the index key holding another type, say) must not end discovery in silence: reported
                    // once per episode, tried again at every poll.
                    if (!failing)
                    {
                        failing = true;
                        _source.Report(new RedisStatusError(RedisStatusErrorKind.MirrorFailed, $"Finding operations to mirror failed: {exception.Message} It is tried again at every poll.", DateTimeOffset.UtcNow) { Exception = exception });
                    }
                }

                await _announced.WaitAsync(_source.Options.MirrorPollInterval, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            if (subscribed)
            {
                _ = subscriber.UnsubscribeAsync(_source.Names.OperationsChannel, _onAnnounce, CommandFlags.FireAndForget);
            }
        }
    }

    // One id's failure (other than an outage, which ends the pass) is reported and leaves the other ids to be mirrored.
    private async Task MirrorOneAsync(string operationId, bool roomMayHaveCome)
    {
        try
        {
            await MirrorAsync(operationId, roomMayHaveCome).ConfigureAwait(false);
        }
        catch (Exception exception) when (!Internal.RedisNames.IsTransient(exception) && exception is not OperationCanceledException)
        {
            _source.Report(new RedisStatusError(RedisStatusErrorKind.MirrorFailed, $"The operation '{operationId}' could not be mirrored: {exception.Message}", DateTimeOffset.UtcNow) { OperationId = operationId, Exception = exception });
        }
    }

    private bool HasWaitingForRoom()
    {
        lock (_gate)
        {
            return _waitingForRoom.Count > 0;
        }
    }

    private async Task MirrorAsync(string operationId, bool roomMayHaveCome)
    {
        lock (_gate)
        {
            // A refused id is not asked for again (a round trip and a refusal each) until an operation completes or leaves.
            if (_mirrored.ContainsKey(operationId) || _hub.TryGet(operationId, out _) || (!roomMayHaveCome && _waitingForRoom.Contains(operationId)))
            {
                return;
            }
        }

        // The index may list ids this hub refuses (longer than its limit, or written by something else): each is reported
        // once and stays known, so it is not tried again at every poll and never stands in the way of the others.
        if (!OperationIdRule.TryValidate(operationId, _hub.MaxOperationIdLength, out var problem))
        {
            if (Remember(operationId))
            {
                _source.Report(new RedisStatusError(RedisStatusErrorKind.MirrorFailed, $"An operation in Redis was not mirrored: this hub does not accept its id. {problem}", DateTimeOffset.UtcNow) { OperationId = operationId });
            }

            return;
        }

        // An index entry can outlive its stream by a moment (expiry): do not create an empty operation for it.
        if (!await _source.Database.KeyExistsAsync(_source.Names.Stream(operationId)).ConfigureAwait(false))
        {
            return;
        }

        if (!Remember(operationId))
        {
            return;
        }

        // Outside the lock: creating raises the hub's events, which run other code (an eviction, say).
        ChatStatusTracker tracker;
        try
        {
            tracker = _hub.Create(operationId);
        }
        catch (StatusHubFullException exception)
        {
            // Room comes back when an operation completes: forgotten, the id is tried again at the next discovery, and
            // reported only the first time.
            bool first;
            lock (_gate)
            {
                _mirrored.Remove(operationId);
                first = _waitingForRoom.Add(operationId);
            }

            if (first)
            {
                _source.Report(new RedisStatusError(RedisStatusErrorKind.MirrorFailed, $"The operation '{operationId}' could not be mirrored into the hub yet: {exception.Message} It is tried again as operations complete.", DateTimeOffset.UtcNow) { OperationId = operationId, Exception = exception });
            }

            return;
        }
        catch (Exception exception) when (exception is ArgumentException or ObjectDisposedException)
        {
            // The id stays known, so an id another thread created meanwhile (or a disposed hub) is reported once, not at every poll.
            _source.Report(new RedisStatusError(RedisStatusErrorKind.MirrorFailed, $"The operation '{operationId}' could not be mirrored into the hub: {exception.Message}", DateTimeOffset.UtcNow) { OperationId = operationId, Exception = exception });
            return;
        }

        lock (_gate)
        {
            _waitingForRoom.Remove(operationId);
        }

        var following = _source.Observe(operationId).Subscribe(
            status => tracker.Import(status),
            exception => _source.Report(new RedisStatusError(RedisStatusErrorKind.MirrorFailed, $"Mirroring '{operationId}' stopped: {exception.Message}", DateTimeOffset.UtcNow) { OperationId = operationId, Exception = exception }),
            tracker.Complete);
        lock (_gate)
        {
            if (_mirrored.ContainsKey(operationId))
            {
                _mirrored[operationId] = following;
                return;
            }
        }

        following.Dispose();
    }

    // Marks the id known (not followed yet); false when it already was, or mirroring stops.
    private bool Remember(string operationId)
    {
        lock (_gate)
        {
            return !_stop.IsCancellationRequested && _mirrored.TryAdd(operationId, null);
        }
    }

    // Ids no longer listed (expired) and no longer followed are forgotten, so the set does not grow for ever.
    private void ForgetGone(IReadOnlyList<string> listed)
    {
        var still = listed.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            _waitingForRoom.IntersectWith(still);
            foreach (var (operationId, following) in _mirrored.ToArray())
            {
                if (following is null && !still.Contains(operationId))
                {
                    _mirrored.Remove(operationId);
                }
            }
        }
    }

    private void StopMirroring(string operationId)
    {
        IDisposable? following;
        lock (_gate)
        {
            // The id stays known, so an evicted operation is not mirrored again while the index still lists it.
            if (!_mirrored.TryGetValue(operationId, out following))
            {
                return;
            }

            _mirrored[operationId] = null;
        }

        following?.Dispose();
    }
}
