using System.Reactive.Concurrency;

namespace Rx.StatusTracking.Hosting.Internal;

/// <summary>
/// An Rx scheduler over a <see cref="TimeProvider"/>, so the hub and its trackers read the host's clock (a
/// <c>FakeTimeProvider</c> in tests drives timestamps and eviction). <see cref="Now"/> is the provider's UTC time; work
/// runs from one-shot timers of the provider (a due time in the past or zero runs as soon as the provider's timer fires).
/// </summary>
internal sealed class TimeProviderScheduler(TimeProvider time) : IScheduler
{
    public DateTimeOffset Now => time.GetUtcNow();

    public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
        Schedule(state, TimeSpan.Zero, action);

    public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var work = new Work<TState>(this, state, action);
        work.Start(time, dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
        return work;
    }

    public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
        Schedule(state, dueTime - Now, action);

    /// <summary>One scheduled action: its timer until it runs, then what the action returned, both released on dispose.</summary>
    private sealed class Work<TState>(IScheduler scheduler, TState state, Func<IScheduler, TState, IDisposable> action) : IDisposable
    {
        private readonly Lock _gate = new();
        private ITimer? _timer;
        private IDisposable? _result;
        private bool _ran;
        private bool _disposed;

        public void Start(TimeProvider time, TimeSpan dueTime)
        {
            // A fake provider may fire a zero-delay timer inside CreateTimer, before the timer is stored here.
            var timer = time.CreateTimer(static w => ((Work<TState>)w!).Run(), this, dueTime, Timeout.InfiniteTimeSpan);
            lock (_gate)
            {
                if (!_disposed && !_ran)
                {
                    _timer = timer;
                    return;
                }
            }

            timer.Dispose();
        }

        public void Dispose()
        {
            ITimer? timer;
            IDisposable? result;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                (timer, result) = (_timer, _result);
                (_timer, _result) = (null, null);
            }

            timer?.Dispose();
            result?.Dispose();
        }

        private void Run()
        {
            ITimer? timer;
            lock (_gate)
            {
                if (_disposed || _ran)
                {
                    return;
                }

                _ran = true;
                timer = _timer;
                _timer = null;
            }

            timer?.Dispose();
            var result = action(scheduler, state);
            bool disposed;
            lock (_gate)
            {
                disposed = _disposed;
                if (!disposed)
                {
                    _result = result;
                }
            }

            if (disposed)
            {
                result.Dispose();
            }
        }
    }
}
