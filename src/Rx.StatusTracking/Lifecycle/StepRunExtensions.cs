using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// Runs one step of an operation: reports it Executing, runs the work, then reports it Completed, or Failed with the
/// exception, which is rethrown unchanged. Most hand-written reporting is exactly this.
/// </summary>
/// <remarks>
/// <para>
/// The step's duration is the tracker's own (<see cref="StepSummary.Duration"/>, <c>StepDurations()</c>,
/// <see cref="StepRow.Duration"/>): from its first Executing to its ending, on the tracker's clock.
/// </para>
/// <para>
/// The token comes before the optional completion sentence, so <c>RunStepAsync(step, description, work, token)</c> reads as
/// other async .NET calls do; name the sentence: <c>completedDescription: "…"</c>.
/// </para>
/// <para>
/// A failure reads "Step N failed: {message}." with the exception as <see cref="ChatStatus.Error"/>; an
/// <see cref="OperationCanceledException"/> while the given token is cancelled reads "Step N was cancelled." (with the
/// exception); any other <see cref="OperationCanceledException"/> (a timeout, another token) is a failure. The completion
/// reads <c>completedDescription</c>, or "Step N is complete." (<see cref="ChatStatusMessages.ForState"/>) without one.
/// </para>
/// <para>
/// <b>Strict and lenient trackers.</b> The Executing and Completed reports behave as the tracker's own methods do: a
/// strict tracker that refuses Executing (the step is completed, the tracker is completed, a bad argument) throws before
/// the work runs, and one that refuses Completed throws after it (its result is lost); a lenient tracker records what it
/// can, reports the rest on its <see cref="ChatStatusTracker.Errors"/>, and the work always runs. The Failed report never
/// throws, in either mode, so a refusal never masks the work's exception (a description over a strict tracker's limit is
/// replaced by the step's default sentence). An exception recorded here is not recorded again by
/// <see cref="StatusHubLifecycleExtensions"/> around it.
/// </para>
/// </remarks>
public static class StepRunExtensions
{
    /// <summary>Runs <paramref name="work"/> as step <paramref name="step"/> (see the class remarks).</summary>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="step">The step (see <see cref="ChatStatusTracker.Executing"/>).</param>
    /// <param name="description">The Executing status's description.</param>
    /// <param name="work">The work; it observes the token.</param>
    /// <param name="completedDescription">The Completed status's description; "Step N is complete." when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>.</param>
    /// <returns>The work's task, completed after the step's ending was reported.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="work"/> is null.</exception>
    public static Task RunStepAsync(this ChatStatusTracker tracker, int step, string description, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default, string? completedDescription = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        return tracker.RunStepAsync<bool>(step, description, async token =>
        {
            await work(token).ConfigureAwait(false);
            return true;
        }, cancellationToken, completedDescription);
    }

    /// <summary>Runs <paramref name="work"/> as step <paramref name="step"/> (see the class remarks) and returns its result.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="step">The step (see <see cref="ChatStatusTracker.Executing"/>).</param>
    /// <param name="description">The Executing status's description.</param>
    /// <param name="work">The work; it observes the token.</param>
    /// <param name="completedDescription">The Completed status's description; "Step N is complete." when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>.</param>
    /// <returns>The work's result, after the step's ending was reported.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="work"/> is null.</exception>
    public static Task<T> RunStepAsync<T>(this ChatStatusTracker tracker, int step, string description, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default, string? completedDescription = null)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(work);
        var run = new StepRun(tracker, step, completedDescription);
        run.Start(description);
        return RunCoreAsync(run, work, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> as a new step (<see cref="ChatStatusTracker.ReserveStep()"/>; see the class remarks).</summary>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="description">The Executing status's description.</param>
    /// <param name="work">The work; it observes the token.</param>
    /// <param name="completedDescription">The Completed status's description; "Step N is complete." when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>.</param>
    /// <returns>The work's task, completed after the step's ending was reported.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No step number is left (<see cref="ChatStatusTracker.ReserveStep()"/>).</exception>
    public static Task RunStepAsync(this ChatStatusTracker tracker, string description, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default, string? completedDescription = null)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(work);
        return tracker.RunStepAsync(tracker.ReserveStep(), description, work, cancellationToken, completedDescription);
    }

    /// <summary>Runs <paramref name="work"/> as a new step (<see cref="ChatStatusTracker.ReserveStep()"/>; see the class remarks) and returns its result.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="description">The Executing status's description.</param>
    /// <param name="work">The work; it observes the token.</param>
    /// <param name="completedDescription">The Completed status's description; "Step N is complete." when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>.</param>
    /// <returns>The work's result, after the step's ending was reported.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No step number is left (<see cref="ChatStatusTracker.ReserveStep()"/>).</exception>
    public static Task<T> RunStepAsync<T>(this ChatStatusTracker tracker, string description, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default, string? completedDescription = null)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(work);
        return tracker.RunStepAsync(tracker.ReserveStep(), description, work, cancellationToken, completedDescription);
    }

    /// <summary>Runs <paramref name="work"/> synchronously as step <paramref name="step"/> (see the class remarks).</summary>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="step">The step (see <see cref="ChatStatusTracker.Executing"/>).</param>
    /// <param name="description">The Executing status's description.</param>
    /// <param name="work">The work.</param>
    /// <param name="completedDescription">The Completed status's description; "Step N is complete." when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="work"/> is null.</exception>
    public static void RunStep(this ChatStatusTracker tracker, int step, string description, Action work, string? completedDescription = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        tracker.RunStep(step, description, () =>
        {
            work();
            return true;
        }, completedDescription);
    }

    /// <summary>Runs <paramref name="work"/> synchronously as step <paramref name="step"/> (see the class remarks) and returns its result.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="step">The step (see <see cref="ChatStatusTracker.Executing"/>).</param>
    /// <param name="description">The Executing status's description.</param>
    /// <param name="work">The work.</param>
    /// <param name="completedDescription">The Completed status's description; "Step N is complete." when <see langword="null"/>.</param>
    /// <returns>The work's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="work"/> is null.</exception>
    public static T RunStep<T>(this ChatStatusTracker tracker, int step, string description, Func<T> work, string? completedDescription = null)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(work);
        var run = new StepRun(tracker, step, completedDescription);
        run.Start(description);
        T result;
        try
        {
            result = work();
        }
        catch (Exception error)
        {
            run.Fail(error, CancellationToken.None);
            throw;
        }

        run.Complete();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> synchronously as a new step (<see cref="ChatStatusTracker.ReserveStep()"/>; see the class remarks).</summary>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="description">The Executing status's description.</param>
    /// <param name="work">The work.</param>
    /// <param name="completedDescription">The Completed status's description; "Step N is complete." when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No step number is left (<see cref="ChatStatusTracker.ReserveStep()"/>).</exception>
    public static void RunStep(this ChatStatusTracker tracker, string description, Action work, string? completedDescription = null)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(work);
        tracker.RunStep(tracker.ReserveStep(), description, work, completedDescription);
    }

    /// <summary>Runs <paramref name="work"/> synchronously as a new step (<see cref="ChatStatusTracker.ReserveStep()"/>; see the class remarks) and returns its result.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="description">The Executing status's description.</param>
    /// <param name="work">The work.</param>
    /// <param name="completedDescription">The Completed status's description; "Step N is complete." when <see langword="null"/>.</param>
    /// <returns>The work's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No step number is left (<see cref="ChatStatusTracker.ReserveStep()"/>).</exception>
    public static T RunStep<T>(this ChatStatusTracker tracker, string description, Func<T> work, string? completedDescription = null)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(work);
        return tracker.RunStep(tracker.ReserveStep(), description, work, completedDescription);
    }

    private static async Task<T> RunCoreAsync<T>(StepRun run, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        T result;
        try
        {
            result = await work(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            run.Fail(error, cancellationToken);
            throw;
        }

        run.Complete();
        return result;
    }
}
