using System.Reactive.Concurrency;

namespace Rx.StatusTracking.Demo.Agents;

/// <summary>
/// How the agent scenario's model and tools take their time: real delays, or advancing a virtual clock (the
/// tracker's <see cref="HistoricalScheduler"/>) by the same amount, so a <c>--fast</c> run keeps the real timeline.
/// </summary>
/// <remarks>
/// Virtual waits advance the clock in the caller's flow, before it goes on, so the statuses reported after a wait carry
/// the time the wait ends. The scenario is one logical flow at a time (the workflow's executors wait for their start to
/// be recorded, see <see cref="ExecutorStarts"/>), so no two waits advance the clock at once.
/// </remarks>
internal sealed class ScenarioClock
{
    private readonly Func<TimeSpan, CancellationToken, Task> _wait;

    private ScenarioClock(Func<TimeSpan, CancellationToken, Task> wait) => _wait = wait;

    /// <summary>Waits really: <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</summary>
    public static ScenarioClock RealTime { get; } = new(Task.Delay);

    /// <summary>
    /// Waits by advancing <paramref name="scheduler"/> (running what falls due on the way) and returns at once; throws
    /// <see cref="OperationCanceledException"/> when the token is cancelled before or during the wait.
    /// </summary>
    public static ScenarioClock Virtual(HistoricalScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return new((duration, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            scheduler.AdvanceBy(duration);

            // A cancellation that fell due on the way stops the wait, as Task.Delay's would (at the wait's end here).
            cancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        });
    }

    /// <summary>Takes <paramref name="duration"/>, really or virtually.</summary>
    public Task WaitAsync(TimeSpan duration, CancellationToken cancellationToken) => _wait(duration, cancellationToken);
}
