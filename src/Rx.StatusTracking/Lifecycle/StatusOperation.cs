using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// One operation of a <see cref="StatusHub"/> that completes when disposed (<see cref="StatusHubLifecycleExtensions.Start"/>):
/// <c>using var operation = hub.Start(id);</c> ends it on every path out of the block, like a <c>finally</c>.
/// </summary>
/// <remarks>
/// <para>
/// Mark how the work ended before the scope does: <see cref="Succeed"/> at the end of the work, <see cref="Fail(Exception, CancellationToken)"/> in a
/// <c>catch</c>. Disposing then ends every step still open, Failed with a sentence that says why, and completes the
/// tracker, by the same rules as <see cref="StatusHubLifecycleExtensions.RunAsync(StatusHub, string, Func{ChatStatusTracker, CancellationToken, Task}, CancellationToken)"/>:
/// </para>
/// <list type="bullet">
/// <item>after <see cref="Succeed"/>: a running step (or one awaiting input) ends "Step N did not finish: the operation ended
/// first.", a pending one "Step N did not run: the operation ended first.";</item>
/// <item>after <c>Fail</c>: as <c>RunAsync</c> records an exception (cancelled for an <see cref="OperationCanceledException"/>
/// while the given token is cancelled, or for any one given to <see cref="Fail(Exception)"/>);</item>
/// <item>with neither (an early <c>return</c>, or an exception that passed by): the operation failed. Running steps end
/// "Step N did not finish: the operation ended without success.", as do steps awaiting input; pending ones "Step N did
/// not run: …"; when no step was
/// open and none has failed, a new step (<see cref="ChatStatusTracker.ReserveStep()"/>) records "The operation failed: it
/// ended without success.", so the summary never shows such an operation as a success.</item>
/// </list>
/// <para>
/// The clean-up never throws, also on a strict tracker (a refused report is dropped); a tracker the work completed
/// itself records nothing more. Dispose is idempotent; <see cref="DisposeAsync"/> does the same work.
/// </para>
/// </remarks>
public sealed class StatusOperation : IDisposable, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private OperationOutcome _outcome = OperationOutcome.Abandoned;
    private Exception? _error;
    private bool _disposed;

    internal StatusOperation(string operationId, ChatStatusTracker tracker)
    {
        OperationId = operationId;
        Tracker = tracker;
    }

    /// <summary>The operation's id in its hub.</summary>
    public string OperationId { get; }

    /// <summary>The operation's tracker (owned by the hub).</summary>
    public ChatStatusTracker Tracker { get; }

    /// <summary>Marks the work as successful: disposing then ends the operation as a success. The latest of <see cref="Succeed"/> and the <c>Fail</c> overloads counts.</summary>
    /// <exception cref="ObjectDisposedException">The operation was disposed (it has ended).</exception>
    public void Succeed() => Mark(OperationOutcome.Succeeded, error: null);

    /// <summary>
    /// Marks the work as failed with <paramref name="error"/> (cancelled, for an <see cref="OperationCanceledException"/>):
    /// disposing then records it as <c>RunAsync</c> records an exception. The latest of <see cref="Succeed"/> and the <c>Fail</c>
    /// overloads counts. Without the work's token, any <see cref="OperationCanceledException"/> reads as a cancellation,
    /// a timeout's too: prefer <see cref="Fail(Exception, CancellationToken)"/>.
    /// </summary>
    /// <param name="error">What ended the work.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The operation was disposed (it has ended).</exception>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Mark(error is OperationCanceledException ? OperationOutcome.Cancelled : OperationOutcome.Failed, error);
    }

    /// <summary>
    /// Marks the work as failed with <paramref name="error"/>, a cancellation only when it is an
    /// <see cref="OperationCanceledException"/> while <paramref name="cancellationToken"/> is cancelled (as <c>RunAsync</c>
    /// decides): any other, such as an <c>HttpClient</c> timeout, is a failure. The latest of <see cref="Succeed"/> and
    /// the <c>Fail</c> overloads counts.
    /// </summary>
    /// <param name="error">What ended the work.</param>
    /// <param name="cancellationToken">The work's own token: its cancellation is what "cancelled" means.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The operation was disposed (it has ended).</exception>
    public void Fail(Exception error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        Mark(OperationEnding.OutcomeOf(error, cancellationToken), error);
    }

    /// <summary>Ends the open steps as the marked outcome says and completes the tracker (see the remarks); later calls do nothing.</summary>
    public void Dispose()
    {
        OperationOutcome outcome;
        Exception? error;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            outcome = _outcome;
            error = _error;
        }

        OperationEnding.End(Tracker, outcome, error);
    }

    /// <summary>As <see cref="Dispose"/> (the work is synchronous), for <c>await using</c>.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Mark(OperationOutcome outcome, Exception? error)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _outcome = outcome;
            _error = error;
        }
    }
}
