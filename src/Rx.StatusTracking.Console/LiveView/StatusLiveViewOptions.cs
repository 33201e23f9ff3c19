using Spectre.Console;

namespace Rx.StatusTracking.Console;

/// <summary>Settings of a <see cref="StatusLiveView"/>; the view copies them when it is created.</summary>
public sealed class StatusLiveViewOptions
{
    /// <summary>The default <see cref="BarWidth"/>: 60 characters.</summary>
    public const int DefaultBarWidth = 60;

    /// <summary>The default <see cref="RedrawInterval"/>: 80 ms.</summary>
    public static readonly TimeSpan DefaultRedrawInterval = TimeSpan.FromMilliseconds(80);

    /// <summary>
    /// How many steps the operation is expected to have, for the percentage (see <see cref="ProgressSnapshot.ExpectedSteps"/>);
    /// <see langword="null"/> (the default) counts the steps seen so far.
    /// </summary>
    public int? ExpectedSteps { get; set; }

    /// <summary>
    /// The least time between two redraws of <see cref="StatusLiveView.RunAsync"/>, measured on the tracker's scheduler
    /// (default 80 ms): a burst of statuses costs one redraw, and the last status is always drawn.
    /// </summary>
    public TimeSpan RedrawInterval { get; set; } = DefaultRedrawInterval;

    /// <summary>The columns of the step table (all by default; <see cref="StatusLiveViewColumns.None"/> leaves the table out).</summary>
    public StatusLiveViewColumns Columns { get; set; } = StatusLiveViewColumns.All;

    /// <summary>Whether the progress bar and the headline (percentage, counts, elapsed time) are shown (default yes).</summary>
    public bool ShowProgress { get; set; } = true;

    /// <summary>Whether each recorded failure is listed under the table (default yes).</summary>
    public bool ShowFailures { get; set; } = true;

    /// <summary>Whether <see cref="StatusLiveView.RunAsync"/> writes the summary in a panel once the tracker completes (default yes).</summary>
    public bool ShowSummary { get; set; } = true;

    /// <summary>The progress bar's width in characters (default 60).</summary>
    public int BarWidth { get; set; } = DefaultBarWidth;

    /// <summary>The colour of <see cref="StatusState.Pending"/> (default grey).</summary>
    public Color PendingColor { get; set; } = Color.Grey;

    /// <summary>The colour of <see cref="StatusState.Executing"/>, and of a running step's own progress bar (default deep sky blue).</summary>
    public Color ExecutingColor { get; set; } = Color.DeepSkyBlue1;

    /// <summary>
    /// The colour of <see cref="StatusState.AwaitingInput"/>, a step waiting for a person (default purple, as on the
    /// dashboard: neither running nor queued, and unlike every other colour of the view).
    /// </summary>
    public Color AwaitingInputColor { get; set; } = Color.Purple;

    /// <summary>The colour of <see cref="StatusState.Completed"/>, and of the bar's done part while nothing failed (default green).</summary>
    public Color CompletedColor { get; set; } = Color.Green;

    /// <summary>The colour of <see cref="StatusState.Failed"/> and of the failures list (default red).</summary>
    public Color FailedColor { get; set; } = Color.Red;

    /// <summary>The colour of the bar's done part once a step has failed (default orange).</summary>
    public Color FailedProgressColor { get; set; } = Color.Orange1;

    /// <summary>The colour of the table's and the summary panel's borders, and of the step tree's guides (default grey).</summary>
    public Color BorderColor { get; set; } = Color.Grey;

    internal StatusLiveViewOptions Copy() => (StatusLiveViewOptions)MemberwiseClone();

    internal void Validate()
    {
        if (ExpectedSteps is { } expected)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(expected, 1, nameof(ExpectedSteps));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RedrawInterval, TimeSpan.Zero, nameof(RedrawInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(BarWidth, 1, nameof(BarWidth));
    }
}
