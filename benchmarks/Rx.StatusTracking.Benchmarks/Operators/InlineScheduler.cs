using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace Rx.StatusTracking.Benchmarks.Operators;

/// <summary>Runs every action at once on the calling thread, like a synchronous dispatcher; for benchmarks only.</summary>
public sealed class InlineScheduler : IScheduler
{
    /// <summary>The instance.</summary>
    public static readonly InlineScheduler Instance = new();

    /// <inheritdoc />
    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action)
    {
        action(this, state);
        return Disposable.Empty;
    }

    /// <inheritdoc />
    public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) => Schedule(state, action);

    /// <inheritdoc />
    public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) => Schedule(state, action);
}
