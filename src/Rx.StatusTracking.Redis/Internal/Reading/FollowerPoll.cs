namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The slow poll of a source's stream followers, in case a notification is lost: one timer of the source's clock for
/// all of them, rather than one per follower per wait (a mirror follows thousands of operations). Each tick wakes every
/// follower registered, which then reads its stream once. The timer runs while anyone is registered.
/// </summary>
/// <param name="interval">How often the followers are woken.</param>
/// <param name="time">The clock of the ticks.</param>
internal sealed class FollowerPoll(TimeSpan interval, TimeProvider time)
{
    private readonly HashSet<Signal> _followers = [];
    private ITimer? _timer;

    /// <summary>Wakes <paramref name="follower"/> at each tick until the returned registration is disposed.</summary>
    public IDisposable Register(Signal follower)
    {
        lock (_followers)
        {
            _followers.Add(follower);
            _timer ??= time.CreateTimer(static poll => ((FollowerPoll)poll!).Tick(), this, interval, interval);
        }

        return new Registration(this, follower);
    }

    private void Tick()
    {
        // Under the lock, so no signal is set once its registration is disposed (and the signal with it).
        lock (_followers)
        {
            foreach (var follower in _followers)
            {
                follower.Set();
            }
        }
    }

    private void Unregister(Signal follower)
    {
        lock (_followers)
        {
            if (_followers.Remove(follower) && _followers.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    private sealed class Registration(FollowerPoll poll, Signal follower) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                poll.Unregister(follower);
            }
        }
    }
}
