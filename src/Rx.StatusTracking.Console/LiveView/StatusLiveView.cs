using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rx.StatusTracking.Console;

/// <summary>
/// Shows a tracked operation in a terminal with Spectre.Console: a progress bar, a headline (percentage, counts,
/// elapsed time), a table of steps (state in colour, attempts, elapsed time) and the failures; live while the tracker
/// runs, then its summary.
/// </summary>
/// <remarks>
/// <see cref="Render"/> draws the tracker as it stands, for any Spectre.Console layout of yours; <see cref="RunAsync"/>
/// redraws it in place as statuses arrive until the tracker completes. The view reads the tracker (its summary and
/// progress) and never reports to it. For a terminal only: when output is redirected (a pipe, a CI log), write plain
/// lines with <see cref="StatusLineWriter"/> instead.
/// </remarks>
public sealed class StatusLiveView
{
    private readonly IAnsiConsole _console;
    private readonly StatusLiveViewOptions _options;

    /// <summary>Creates a view that writes to <paramref name="console"/>.</summary>
    /// <param name="console">The console, such as <c>AnsiConsole.Console</c> (or Spectre.Console.Testing's <c>TestConsole</c> in tests).</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>. They are copied: later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="console"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public StatusLiveView(IAnsiConsole console, StatusLiveViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        _options = options?.Copy() ?? new StatusLiveViewOptions();
        _options.Validate();
        _console = console;
    }

    /// <summary>
    /// Shows <paramref name="tracker"/> live (its history first) until it completes, redrawing at most once per
    /// <see cref="StatusLiveViewOptions.RedrawInterval"/> and once more at the end, then writes its summary (unless
    /// <see cref="StatusLiveViewOptions.ShowSummary"/> is off). The last drawing stays on the screen.
    /// </summary>
    /// <param name="tracker">The operation to show.</param>
    /// <param name="cancellationToken">Stops showing: the view draws the tracker once more, without the summary, and the task is cancelled.</param>
    /// <returns>A task that completes after the summary is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public async Task RunAsync(ChatStatusTracker tracker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        // One signal per redraw, replaced before each drawing: a change during a drawing completes the next signal, and
        // nothing is left waiting or registered on the caller's token once the view ends.
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = tracker.Completion.WaitAsync(cancellationToken);
        using (tracker.WithHistory()
            .ThrottleUpdates(_options.RedrawInterval, tracker.Scheduler)
            .Subscribe(_ => Volatile.Read(ref changed).TrySetResult()))
        {
            await _console.Live(Render(tracker)).AutoClear(false).StartAsync(async context =>
            {
                while (!finished.IsCompleted)
                {
                    await Task.WhenAny(Volatile.Read(ref changed).Task, finished).ConfigureAwait(false);
                    Volatile.Write(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    context.UpdateTarget(Render(tracker));
                }

                context.UpdateTarget(Render(tracker));
            }).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_options.ShowSummary)
        {
            _console.Write(new Panel(Markup.Escape(tracker.GetSummary().ToString())).Header("Summary").BorderColor(_options.BorderColor));
        }
    }

    /// <summary>The view of <paramref name="tracker"/> as it stands: the progress bar and headline, the step table, the failures.</summary>
    /// <param name="tracker">The operation to draw.</param>
    /// <returns>A renderable to write to a console or to place in a layout.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> is null.</exception>
    public IRenderable Render(ChatStatusTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var summary = tracker.GetSummary();
        var parts = new List<IRenderable>();
        if (_options.ShowProgress)
        {
            var progress = _options.ExpectedSteps is { } expected ? tracker.GetProgress(expected) : tracker.GetProgress();
            parts.Add(new BreakdownChart().Width(_options.BarWidth).HideTags()
                .AddItem("done", Math.Round(progress.Percent, 1), progress.Failed > 0 ? _options.FailedProgressColor : _options.CompletedColor)
                .AddItem("left", Math.Round(100 - progress.Percent, 1), Color.Grey23));
            parts.Add(new Markup(string.Create(
                CultureInfo.InvariantCulture,
                $"[bold]{progress.Percent:0}%[/]  {progress.Completed} completed, {progress.Failed} failed, {progress.Executing} running, {progress.Pending} pending  [grey]{progress.Elapsed.TotalSeconds:0.00} s[/]")));
        }

        if (_options.Columns != StatusLiveViewColumns.None)
        {
            parts.Add(Table(summary));
        }

        if (_options.ShowFailures)
        {
            var failed = new Style(_options.FailedColor);
            parts.AddRange(summary.Failures.Select(f => new Text($"✗ step {f.Step}: {f.Description}", failed)));
        }

        return new Rows(parts);
    }

    private Table Table(ExecutionSummary summary)
    {
        var columns = _options.Columns;
        var table = new Table().Border(TableBorder.Rounded).BorderColor(_options.BorderColor);
        AddColumn(StatusLiveViewColumns.Step, new TableColumn("Step"));
        AddColumn(StatusLiveViewColumns.State, new TableColumn("State"));
        AddColumn(StatusLiveViewColumns.Description, new TableColumn("Description"));
        AddColumn(StatusLiveViewColumns.Attempts, new TableColumn("Attempts").RightAligned());
        AddColumn(StatusLiveViewColumns.Elapsed, new TableColumn("Elapsed").RightAligned());
        foreach (var step in summary.Steps)
        {
            var cells = new List<IRenderable>();
            AddCell(StatusLiveViewColumns.Step, () => new Text(step.Step.ToString(CultureInfo.InvariantCulture)));
            AddCell(StatusLiveViewColumns.State, () => new Text(step.State.ToString(), new Style(ColorOf(step.State))));
            AddCell(StatusLiveViewColumns.Description, () => new Text(step.Description));
            AddCell(StatusLiveViewColumns.Attempts, () => new Text(step.Attempts.ToString(CultureInfo.InvariantCulture)));
            AddCell(StatusLiveViewColumns.Elapsed, () => new Text(step.Duration is { } duration ? $"{duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s" : "…"));
            table.AddRow(cells);

            void AddCell(StatusLiveViewColumns column, Func<IRenderable> cell)
            {
                if (columns.HasFlag(column))
                {
                    cells.Add(cell());
                }
            }
        }

        return table;

        void AddColumn(StatusLiveViewColumns column, TableColumn tableColumn)
        {
            if (columns.HasFlag(column))
            {
                table.AddColumn(tableColumn);
            }
        }
    }

    private Color ColorOf(StatusState state) => state switch
    {
        StatusState.Pending => _options.PendingColor,
        StatusState.Executing => _options.ExecutingColor,
        StatusState.Completed => _options.CompletedColor,
        StatusState.Failed => _options.FailedColor,
        _ => Color.Default,
    };
}
