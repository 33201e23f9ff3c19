namespace Rx.StatusTracking;

/// <summary>Bridges between a tracker and <see cref="IProgress{T}"/>, the progress interface .NET APIs take and UIs implement.</summary>
public static class ProgressBridgeExtensions
{
    /// <summary>
    /// An <see cref="IProgress{T}"/> of a fraction (<see cref="IProgress{T}"/> of <see cref="double"/>, 0 to 1) and of a count
    /// (<c>(int Done, int Total)</c>) that reports step <paramref name="step"/>'s intermediate progress as Executing statuses
    /// (see <see cref="StepProgressReporter"/>). Pass it to an API that takes either.
    /// </summary>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="step">The step (0 or greater); report its start and its ending as usual (or with <c>RunStepAsync</c>).</param>
    /// <param name="description">What the step does, e.g. "Indexing the documents"; each status adds the figure to it.</param>
    /// <returns>The reporter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is null, empty or white space.</exception>
    public static StepProgressReporter ProgressFor(this ChatStatusTracker tracker, int step, string description)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return new StepProgressReporter(tracker, step, description);
    }

    /// <summary>
    /// Reports a <see cref="ProgressSnapshot"/> (the <c>Progress</c> operator's) to <paramref name="progress"/> after every
    /// status of <paramref name="source"/>, until the stream ends or the returned handle is disposed.
    /// </summary>
    /// <remarks>
    /// <see cref="Progress{T}"/> posts each report to the synchronization context it was created on (a UI thread), so
    /// snapshots reach the UI without an <c>ObserveOn</c>. <see cref="IProgress{T}"/> has no error channel: an error of the
    /// stream is thrown back to the source, as Rx's <c>Subscribe(onNext)</c> does (a tracker's stream never errors).
    /// </remarks>
    /// <param name="source">The statuses, e.g. a tracker or its <see cref="ChatStatusTracker.WithHistory"/>.</param>
    /// <param name="progress">Where the snapshots go.</param>
    /// <param name="expectedSteps">How many steps the operation will have, if known (1 or more).</param>
    /// <returns>A handle that stops the reporting.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedSteps"/> is less than 1.</exception>
    public static IDisposable ReportProgressTo(this IObservable<ChatStatus> source, IProgress<ProgressSnapshot> progress, int? expectedSteps = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return source.Progress(expectedSteps).Subscribe(progress.Report);
    }
}
