using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Internal;

/// <summary>
/// One <see cref="StatusErrorLoggingExtensions.LogErrorsTo"/> subscription: the hub's own errors, and each operation's
/// tracker errors (with its id) from the moment the operation is seen (held at start, or its Added event) until it leaves.
/// </summary>
internal sealed class HubErrorLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Followed> _followed = new(StringComparer.Ordinal);
    private readonly StatusHub _hub;
    private readonly ILogger _logger;
    private IDisposable? _hubErrors;
    private IDisposable? _events;
    private bool _disposed;

    private HubErrorLog(StatusHub hub, ILogger logger)
    {
        _hub = hub;
        _logger = logger;
    }

    public static HubErrorLog Start(StatusHub hub, ILogger logger)
    {
        var log = new HubErrorLog(hub, logger);
        log._hubErrors = hub.Errors.LogTo(logger);

        // Events first, then the operations already held: an operation added in between is seen twice, and followed once.
        log._events = hub.Events.Subscribe(log.OnEvent);
        foreach (var id in hub.OperationIds)
        {
            log.Follow(id);
        }

        return log;
    }

    public void Dispose()
    {
        List<IDisposable> stop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            stop = [.. _followed.Values.Select(f => f.Subscription)];
            _followed.Clear();
        }

        _events?.Dispose();
        _hubErrors?.Dispose();
        stop.ForEach(s => s.Dispose());
    }

    private void OnEvent(OperationEvent e)
    {
        if (e.Kind == OperationEventKind.Added)
        {
            Follow(e.OperationId);
        }
        else if (e.Kind == OperationEventKind.Evicted)
        {
            Unfollow(e.OperationId);
        }
    }

    private void Follow(string id)
    {
        if (!_hub.TryGet(id, out var tracker))
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed || (_followed.TryGetValue(id, out var held) && held.Tracker == tracker))
            {
                return;
            }
        }

        // Subscribed outside the lock (a tracker may call its subscriber back at once, when it is disposed already).
        var subscription = tracker.Errors.LogTo(_logger, new StatusErrorLogOptions { OperationId = id });
        IDisposable? superseded = subscription;
        lock (_gate)
        {
            if (!_disposed && !(_followed.TryGetValue(id, out var held) && held.Tracker == tracker))
            {
                superseded = held?.Subscription;
                _followed[id] = new Followed(tracker, subscription);
            }
        }

        superseded?.Dispose();
    }

    // An Evicted event may reach this subscription after the id was taken again by a new operation, already followed:
    // only a tracker the hub no longer holds under the id is let go (its Errors completed when it was disposed anyway).
    private void Unfollow(string id)
    {
        _hub.TryGet(id, out var current);
        Followed? gone = null;
        lock (_gate)
        {
            if (_followed.TryGetValue(id, out var held) && held.Tracker != current)
            {
                gone = held;
                _followed.Remove(id);
            }
        }

        gone?.Subscription.Dispose();
    }

    private sealed record Followed(ChatStatusTracker Tracker, IDisposable Subscription);
}
