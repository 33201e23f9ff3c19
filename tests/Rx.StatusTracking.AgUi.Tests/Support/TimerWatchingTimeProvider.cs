using Microsoft.Extensions.Time.Testing;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test when the server has started a timer of a given due time, so the
/// test moves the clock only once the wait it means to end is there (never on a guess).
/// </summary>
internal sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly List<Watched> _timers = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Watched(this, base.CreateTimer(callback, state, dueTime, period), dueTime);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        Changed();
        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers of <paramref name="dueTime"/> have been created in all.</summary>
    public Task WhenCreatedAsync(TimeSpan dueTime, int count) => When(() => _timers.Count(t => t.DueTime == dueTime) >= count);

    /// <summary>Completes once a timer of <paramref name="dueTime"/> is running (created and not disposed).</summary>
    public Task WhenRunningAsync(TimeSpan dueTime) => When(() => _timers.Any(t => t.DueTime == dueTime && !t.Disposed));

    private Task When(Func<bool> condition)
    {
        lock (_timers)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private void Changed()
    {
        lock (_timers)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    private sealed class Watched(TimerWatchingTimeProvider owner, ITimer inner, TimeSpan dueTime) : ITimer
    {
        public TimeSpan DueTime { get; } = dueTime;

        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
            owner.Changed();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
