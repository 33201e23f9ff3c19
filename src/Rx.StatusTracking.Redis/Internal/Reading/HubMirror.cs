using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Keeps a <see cref="StatusHub"/> filled with the operations a Redis index lists: <see cref="MirrorDiscovery"/> finds
/// them, and each one's tracker is fed by a <see cref="StreamFollower"/>, which also records each hole it meets on the
/// tracker (<see cref="ChatStatusTracker.RecordLoss"/>). Knows which ids it mirrors, which it refused, and which a full hub
/// turned away until room comes.
/// </summary>
internal sealed class HubMirror : IDisposable
{
    private readonly StatusHub _hub;
    private readonly RedisLocation _location;
    private readonly OperationIndex _index;
    private readonly StreamFollower _streams;
    private readonly ErrorReports _errors;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IDisposable?> _mirrored = new(StringComparer.Ordinal);

    // Ids refused because the hub was full of running operations: reported once, tried again once room may have come.
    private readonly HashSet<string> _waitingForRoom = new(StringComparer.Ordinal);
    private bool _roomMayHaveCome;
    private bool _stopped;
    private readonly Signal _wake = new();
    private readonly IDisposable _evictions;
    private readonly MirrorDiscovery _discovery;

    public HubMirror(StatusHub hub, RedisLocation location, OperationIndex index, StreamFollower streams, ErrorReports errors, TimeSpan pollInterval, TimeProvider time)
    {
        _hub = hub;
        _location = location;
        _index = index;
        _streams = streams;
        _errors = errors;
        _time = time;
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
                _wake.Set();
            }
        });

        // Last: it calls back at once, into a mirror that is complete.
        _discovery = new MirrorDiscovery(index, MirrorListedAsync, _wake, pollInterval, time, errors);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        _evictions.Dispose();
        _discovery.Dispose();
        List<IDisposable> following;
        lock (_gate)
        {
            following = [.. _mirrored.Values.OfType<IDisposable>()];
            _mirrored.Clear();
        }

        following.ForEach(f => f.Dispose());
        _wake.Dispose();
    }

    // Every id at once (their existence checks pipelined), so thousands of new operations cost a round trip, not one each.
    private async Task MirrorListedAsync(IReadOnlyList<string> listed, bool complete)
    {
        var roomMayHaveCome = Interlocked.Exchange(ref _roomMayHaveCome, false);
        await Task.WhenAll(listed.Select(operationId => MirrorOneAsync(operationId, roomMayHaveCome))).ConfigureAwait(false);
        if (complete)
        {
            ForgetGone(listed);
        }
    }

    // One id's failure (other than an outage, which ends the pass) is reported and leaves the other ids to be mirrored.
    private async Task MirrorOneAsync(string operationId, bool roomMayHaveCome)
    {
        try
        {
            await MirrorAsync(operationId, roomMayHaveCome).ConfigureAwait(false);
        }
        catch (Exception exception) when (!RedisNames.IsTransient(exception) && exception is not OperationCanceledException)
        {
            ReportFailed($"The operation '{operationId}' could not be mirrored: {exception.Message}", operationId, exception);
        }
    }

    private void ReportFailed(string message, string? operationId, Exception? exception = null) =>
        _errors.Report(new RedisStatusError(RedisStatusErrorKind.MirrorFailed, message, _time.GetUtcNow()) { OperationId = operationId, Exception = exception });

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
                ReportFailed($"An operation in Redis was not mirrored: this hub does not accept its id. {problem}", operationId);
            }

            return;
        }

        // An index entry can outlive its stream by a moment (expiry): do not create an empty operation for it.
        if (!await _index.HasStreamAsync(operationId).ConfigureAwait(false))
        {
            return;
        }

        if (!Remember(operationId))
        {
            return;
        }

        // Outside the lock: creating raises the hub's events, which run other code (an eviction, say).
        ChatStatusTracker? tracker = null;
        MirroredOperations.Claim(_hub, operationId, _location);
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
                ReportFailed($"The operation '{operationId}' could not be mirrored into the hub yet: {exception.Message} It is tried again as operations complete.", operationId, exception);
            }

            return;
        }
        catch (Exception exception) when (exception is ArgumentException or ObjectDisposedException)
        {
            // The id stays known, so an id another thread created meanwhile (or a disposed hub) is reported once, not at every poll.
            ReportFailed($"The operation '{operationId}' could not be mirrored into the hub: {exception.Message}", operationId, exception);
            return;
        }
        finally
        {
            // Before the first status: a publisher of this hub leaves a mirrored operation out (it is in Redis already).
            MirroredOperations.Created(_hub, operationId, tracker, _location);
        }

        lock (_gate)
        {
            _waitingForRoom.Remove(operationId);
        }

        // A hole in the stream is recorded on the tracker before the status after it, so web clients are told of it (SSE gap).
        // Ended when the source ended it (the completion entry's time), so the summary's duration is the source's.
        var following = _streams.Follow(operationId, 0, through => tracker.RecordLoss(through), tracker.Complete).Subscribe(
            status => tracker.Import(status),
            exception => ReportFailed($"Mirroring '{operationId}' stopped: {exception.Message}", operationId, exception),
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
            return !_stopped && _mirrored.TryAdd(operationId, null);
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
            // The id stays known, so an evicted operation is not mirrored again while the index still lists it. So does
            // one the hub held of its own (created here, and published from here to where this mirror reads): let go,
            // it is not brought back from Redis as if it were another server's.
            if (!_mirrored.TryGetValue(operationId, out following))
            {
                if (!_stopped)
                {
                    _mirrored[operationId] = null;
                }

                return;
            }

            _mirrored[operationId] = null;
        }

        following?.Dispose();
    }
}
