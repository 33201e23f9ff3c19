using System.Globalization;

namespace Rx.StatusTracking;

/// <summary>
/// Reports one step's intermediate progress to its tracker, for APIs that take an <see cref="IProgress{T}"/> of a fraction
/// or of a count (<see cref="ProgressBridgeExtensions.ProgressFor"/>): each figure becomes an Executing status of the step.
/// </summary>
/// <remarks>
/// <para>
/// A fraction of 0.4 records "{description} (40%)", a count (4, 10) "{description} (4 of 10)", through
/// <see cref="ChatStatusTracker.ReportProgress"/>: the fraction is the status's <see cref="ChatStatus.Progress"/> (so it
/// counts in <see cref="ProgressSnapshot.Percent"/> and the dashboard draws the step's bar), and the figure as reported is
/// its <see cref="ChatStatus.Data"/>, a <see cref="StepProgress"/>. A status is recorded only when the whole
/// percentage (rounded down) changes, so at most 101 per step: a caller that reports per byte does not flood the
/// tracker's history. The first report of a waiting (or new) step starts it.
/// </para>
/// <para>
/// <b>Bad figures</b> never throw (<see cref="IProgress{T}.Report"/> is usually called by code that does not expect it
/// to): a fraction below 0 or above 1 is taken as 0 or 1, a NaN fraction is ignored; a count with a total of 0 or less
/// is ignored, a done count below 0 or above the total is taken as 0 or the total.
/// </para>
/// <para>
/// <b>After the step ended</b> (Completed, or the tracker completed), the report is refused the way the tracker refuses
/// any report: a lenient tracker drops it and reports it on <see cref="ChatStatusTracker.Errors"/>, a strict tracker
/// throws from <see cref="Report(double)"/>. Safe to call from many threads.
/// </para>
/// </remarks>
public sealed class StepProgressReporter : IProgress<double>, IProgress<(int Done, int Total)>
{
    private readonly ChatStatusTracker _tracker;
    private readonly string _description;
    private int _lastPercent = -1;

    internal StepProgressReporter(ChatStatusTracker tracker, int step, string description)
    {
        _tracker = tracker;
        Step = step;
        _description = description;
    }

    /// <summary>The step this reporter reports on.</summary>
    public int Step { get; }

    /// <summary>Reports the step's progress as a fraction (see the class remarks).</summary>
    /// <param name="value">How much is done, in [0, 1]; out-of-range values are clamped, NaN is ignored.</param>
    /// <exception cref="InvalidStatusTransitionException">Strict tracker: the step is completed.</exception>
    /// <exception cref="InvalidOperationException">Strict tracker: the tracker is completed.</exception>
    public void Report(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var fraction = Math.Clamp(value, 0, 1);
        if (IsNewPercent(fraction, out var percent))
        {
            _tracker.ReportProgress(Step, fraction, string.Create(CultureInfo.InvariantCulture, $"{_description} ({percent}%)"), new StepProgress(fraction));
        }
    }

    /// <summary>Reports the step's progress as a count (see the class remarks).</summary>
    /// <param name="value">Items done and items in all; a total of 0 or less is ignored, a done count out of [0, total] is clamped.</param>
    /// <exception cref="InvalidStatusTransitionException">Strict tracker: the step is completed.</exception>
    /// <exception cref="InvalidOperationException">Strict tracker: the tracker is completed.</exception>
    public void Report((int Done, int Total) value)
    {
        if (value.Total <= 0)
        {
            return;
        }

        var done = Math.Clamp(value.Done, 0, value.Total);
        var fraction = (double)done / value.Total;
        if (IsNewPercent(fraction, out _))
        {
            _tracker.ReportProgress(Step, fraction, string.Create(CultureInfo.InvariantCulture, $"{_description} ({done} of {value.Total})"), new StepProgress(fraction, done, value.Total));
        }
    }

    // Lock-free: two threads that race on one percentage record it once; no lock is held while the tracker delivers.
    private bool IsNewPercent(double fraction, out int percent)
    {
        percent = (int)Math.Floor(fraction * 100);
        return Interlocked.Exchange(ref _lastPercent, percent) != percent;
    }
}
