namespace Rx.StatusTracking.Internal;

/// <summary>One observer of a <see cref="SubscriberList{T}"/>; disposing it unsubscribes.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class Subscription<T>(SubscriberList<T> owner, IObserver<T> observer) : IDisposable
{
    private volatile bool _disposed;

    public IObserver<T> Observer { get; } = observer;

    /// <summary>Items at or below this position predate the subscription (they are in its replay, or it missed them): skipped live.</summary>
    public long StartAfter { get; init; }

    /// <summary>What the subscription sees first, before any live item (a history snapshot), or <see langword="null"/>.</summary>
    public T[]? Replay { get; set; }

    /// <summary>Whether the subscription completes right after its replay (it subscribed to a completed source).</summary>
    public bool CompleteAfterReplay { get; init; }

    public bool IsDisposed => _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        owner.Remove(this);
    }
}
