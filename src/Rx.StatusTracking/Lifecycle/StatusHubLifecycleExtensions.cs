using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// Runs an operation of a <see cref="StatusHub"/> so that it always ends: the safe path as the short one. The hub counts an
/// operation as running until its tracker completes; these helpers complete it on every path.
/// </summary>
/// <remarks>
/// <para>
/// When the work returns, every step still open ends Failed, never left queued: a running step (or one awaiting input) "Step N did
/// not finish: the operation ended first.", a pending one "Step N did not run: the operation ended first.". Then the tracker completes.
/// </para>
/// <para>
/// When the work throws, the exception is recorded, then rethrown unchanged (same instance, same stack trace):
/// </para>
/// <list type="bullet">
/// <item>every step still running (or awaiting input) ends Failed with it, "Step N failed: {message}." (with its
/// <see cref="ChatStatus.Error"/>); if no step was running, a new step (<see cref="ChatStatusTracker.ReserveStep()"/>)
/// records "The operation failed: {message}." with it;</item>
/// <item>an exception already recorded on a step (by a step helper of <see cref="StepRunExtensions"/>, the chat tracking, or
/// any <see cref="ChatStatusTracker.Failed(int, string, Exception?, object?)"/>) is not recorded again:
/// steps still running or awaiting input end "Step N did not finish: the operation failed.";</item>
/// <item>steps still pending end "Step N did not run: the operation failed.";</item>
/// <item>an <see cref="OperationCanceledException"/> while the given token is cancelled is a cancellation: "Step N was
/// cancelled." (with the exception) for a running step or one awaiting input, "The operation was cancelled." on a new step when none was
/// running, and "… the operation was cancelled." for the others. Any other <see cref="OperationCanceledException"/> (a
/// timeout, another token) is a failure.</item>
/// </list>
/// <para>
/// These ending reports never throw, also on a strict tracker: a refusal (the work completed the tracker itself, a step
/// ended meanwhile, a description over the tracker's limit, which is retried as the step's default sentence) is dropped,
/// so it never masks the work's exception. The ambient <c>ChatStatusScope</c> of <c>Rx.StatusTracking.AI</c> is not set
/// here (the core does not know it): begin it inside the work.
/// </para>
/// </remarks>
public static class StatusHubLifecycleExtensions
{
    /// <summary>Creates operation <paramref name="operationId"/>, runs <paramref name="work"/> with its tracker and always ends it (see the class remarks).</summary>
    /// <param name="hub">The hub.</param>
    /// <param name="operationId">The new operation's id (<see cref="StatusHub.Create"/>).</param>
    /// <param name="work">The work; it reports to the tracker it is given and observes the token.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>; an <see cref="OperationCanceledException"/> while it is cancelled is recorded as a cancellation.</param>
    /// <returns>The work's task: it completes after the operation ended, with the work's exception if it threw.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hub"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentException">The id breaks the id rule or is used (<see cref="OperationExistsException"/>), as <see cref="StatusHub.Create"/>; thrown before the work runs.</exception>
    /// <exception cref="StatusHubFullException">The hub is full of running operations (thrown before the work runs).</exception>
    public static Task RunAsync(this StatusHub hub, string operationId, Func<ChatStatusTracker, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return hub.RunAsync<bool>(operationId, async (tracker, token) =>
        {
            await work(tracker, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Creates operation <paramref name="operationId"/>, runs <paramref name="work"/> with its tracker and always ends it (see the class remarks).</summary>
    /// <param name="hub">The hub.</param>
    /// <param name="operationId">The new operation's id (<see cref="StatusHub.Create"/>).</param>
    /// <param name="work">The work; it reports to the tracker it is given.</param>
    /// <param name="cancellationToken">An <see cref="OperationCanceledException"/> while it is cancelled is recorded as a cancellation.</param>
    /// <returns>The work's task: it completes after the operation ended, with the work's exception if it threw.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hub"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentException">The id breaks the id rule or is used (<see cref="OperationExistsException"/>); thrown before the work runs.</exception>
    /// <exception cref="StatusHubFullException">The hub is full of running operations (thrown before the work runs).</exception>
    public static Task RunAsync(this StatusHub hub, string operationId, Func<ChatStatusTracker, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return hub.RunAsync(operationId, (tracker, _) => work(tracker), cancellationToken);
    }

    /// <summary>Creates operation <paramref name="operationId"/>, runs <paramref name="work"/> with its tracker, always ends it (see the class remarks) and returns the work's result.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="hub">The hub.</param>
    /// <param name="operationId">The new operation's id (<see cref="StatusHub.Create"/>).</param>
    /// <param name="work">The work; it reports to the tracker it is given.</param>
    /// <param name="cancellationToken">An <see cref="OperationCanceledException"/> while it is cancelled is recorded as a cancellation.</param>
    /// <returns>The work's result, after the operation ended; the work's exception if it threw.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hub"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentException">The id breaks the id rule or is used (<see cref="OperationExistsException"/>); thrown before the work runs.</exception>
    /// <exception cref="StatusHubFullException">The hub is full of running operations (thrown before the work runs).</exception>
    public static Task<T> RunAsync<T>(this StatusHub hub, string operationId, Func<ChatStatusTracker, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return hub.RunAsync(operationId, (tracker, _) => work(tracker), cancellationToken);
    }

    /// <summary>Creates operation <paramref name="operationId"/>, runs <paramref name="work"/> with its tracker, always ends it (see the class remarks) and returns the work's result.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="hub">The hub.</param>
    /// <param name="operationId">The new operation's id (<see cref="StatusHub.Create"/>).</param>
    /// <param name="work">The work; it reports to the tracker it is given and observes the token.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>; an <see cref="OperationCanceledException"/> while it is cancelled is recorded as a cancellation.</param>
    /// <returns>The work's result, after the operation ended; the work's exception if it threw.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hub"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentException">The id breaks the id rule or is used (<see cref="OperationExistsException"/>); thrown before the work runs.</exception>
    /// <exception cref="StatusHubFullException">The hub is full of running operations (thrown before the work runs).</exception>
    public static Task<T> RunAsync<T>(this StatusHub hub, string operationId, Func<ChatStatusTracker, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(work);

        // Created here, not in the task: a refused id or a full hub throws before any work starts.
        var tracker = hub.Create(operationId);
        return RunCoreAsync(tracker, work, cancellationToken);
    }

    /// <summary>
    /// Creates operation <paramref name="operationId"/> as a scope that ends it when disposed:
    /// <c>using var operation = hub.Start(id);</c>, then <see cref="StatusOperation.Succeed"/> at the end of the work (see
    /// <see cref="StatusOperation"/> for what a dispose without it records).
    /// </summary>
    /// <param name="hub">The hub.</param>
    /// <param name="operationId">The new operation's id (<see cref="StatusHub.Create"/>).</param>
    /// <returns>The operation; dispose it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hub"/> is null.</exception>
    /// <exception cref="ArgumentException">The id breaks the id rule or is used (<see cref="OperationExistsException"/>).</exception>
    /// <exception cref="StatusHubFullException">The hub is full of running operations.</exception>
    public static StatusOperation Start(this StatusHub hub, string operationId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return new StatusOperation(operationId, hub.Create(operationId));
    }

    private static async Task<T> RunCoreAsync<T>(ChatStatusTracker tracker, Func<ChatStatusTracker, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        T result;
        try
        {
            result = await work(tracker, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            OperationEnding.End(tracker, OperationEnding.OutcomeOf(error, cancellationToken), error);
            throw;
        }

        OperationEnding.End(tracker, OperationOutcome.Succeeded, error: null);
        return result;
    }
}
