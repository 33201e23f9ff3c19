using System.Reactive.Concurrency;

namespace Rx.StatusTracking;

/// <summary>
/// The operators over a status stream: history, steps, failures, progress, summaries, conflation, throttling and batching,
/// one file per family (<c>StatusOperators.&lt;Family&gt;.cs</c>).
/// </summary>
/// <remarks>
/// Arguments are checked when the operator is applied, not when it is subscribed. Each subscription keeps its own
/// state. An operator without timers emits at most one value per status (and <c>Summarize</c> one at completion);
/// an exception while folding a status ends the stream with <c>OnError</c>. The operators with timers
/// (<c>Conflate</c>, <c>ThrottleUpdates</c>, <c>BatchUpdates</c>) deliver what is waiting before <c>OnCompleted</c> or <c>OnError</c>,
/// and release their timers when the stream ends or the subscription is disposed. Subscribing without
/// keeping a view alive is not an operator (it ends a chain, over any element type): see
/// <see cref="WeakSubscriptionExtensions.SubscribeWeak{T, TTarget}"/>.
/// </remarks>
public static partial class StatusOperators
{
    // The argument checks every windowed operator (Conflate, ThrottleUpdates, BatchUpdates) makes, with its parameter names.
    private static void CheckWindowed(IObservable<ChatStatus> source, TimeSpan window, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
    }
}
