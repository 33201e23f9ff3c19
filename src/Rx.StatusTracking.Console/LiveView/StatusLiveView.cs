using System.Globalization;
using Rx.StatusTracking.Console.Internal;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rx.StatusTracking.Console;

/// <summary>
/// Shows a tracked operation in a terminal with Spectre.Console: a progress bar, a headline (percentage, counts,
/// elapsed time), a table of steps (state in colour, attempts, elapsed time) and the failures; live while the tracker
/// runs, then its summary.
/// </summary>
/// <remarks>
/// <para>
/// The table is a tree: each child step (<see cref="StepSummary.ParentStep"/>) is listed under its parent, children in
/// step order, with guides (<c>├─ </c>, <c>└─ </c>, <c>│  </c>) before the step number; a step whose parent is not in
/// the summary is listed at the top level. Guides are drawn for <c>8</c> levels; deeper steps are drawn at that
/// indentation, the levels in between shown as <c>…</c>. A step waiting for input is shown as <c>AwaitingInput</c> in
/// <see cref="StatusLiveViewOptions.AwaitingInputColor"/>, and counted in the headline ("1 awaiting input") when there
/// are some. A running step whose latest status carries <see cref="ChatStatus.Progress"/> shows it after its
/// description, as a small bar and a percentage (<see cref="StepSummary.Progress"/>).
/// </para>
/// <para>
/// <see cref="Render"/> draws the tracker as it stands, for any Spectre.Console layout of yours; <see cref="RunAsync"/>
/// redraws it in place as statuses arrive until the tracker completes. The view reads the tracker (its summary and
/// progress) and never reports to it. For a terminal only: when output is redirected (a pipe, a CI log), write plain
/// lines with <see cref="StatusLineWriter"/> instead.
/// </para>
/// </remarks>
public sealed class StatusLiveView
{
    // The width of a running step's own bar, after its description.
    private const int StepBarWidth = 10;

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

    /// <summary>
    /// The view of <paramref name="tracker"/> as it stands: the progress bar and headline, the step table (as a tree, with
    /// each running step's own progress), the failures.
    /// </summary>
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

            // Named only when some steps wait, so the headline of an operation without any reads as before.
            var awaiting = progress.AwaitingInput > 0 ? string.Create(CultureInfo.InvariantCulture, $"{progress.AwaitingInput} awaiting input, ") : "";
            parts.Add(new Markup(string.Create(
                CultureInfo.InvariantCulture,
                $"[bold]{progress.Percent:0}%[/]  {progress.Completed} completed, {progress.Failed} failed, {progress.Executing} running, {awaiting}{progress.Pending} pending  [grey]{progress.Elapsed.TotalSeconds:0.00} s[/]")));
        }

        if (_options.Columns != StatusLiveViewColumns.None)
        {
            parts.Add(Table(summary));
        }

        if (_options.ShowFailures)
        {
            var failed = new Style(_options.FailedColor);
            parts.AddRange(summary.Failures.Select(f => new Text($"✗ {StepLabel.Of(f.Step, f.ParentStep)}: {f.Description}", failed)));
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

        // The tree's guides go before the step number, or before the description when the step column is left out.
        var guided = columns.HasFlag(StatusLiveViewColumns.Step) ? StatusLiveViewColumns.Step : StatusLiveViewColumns.Description;

        foreach (var (step, guides) in StepTreeRows.Of(summary.Steps))
        {
            var cells = new List<IRenderable>();
            AddCell(StatusLiveViewColumns.Step, () => Guided(guided == StatusLiveViewColumns.Step ? guides : "", step.Step.ToString(CultureInfo.InvariantCulture)));
            AddCell(StatusLiveViewColumns.State, () => new Text(step.State.ToString(), new Style(ColorOf(step.State))));
            AddCell(StatusLiveViewColumns.Description, () => Described(step, guided == StatusLiveViewColumns.Description ? guides : ""));
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

    // The guides in the borders' colour, so the tree recedes behind the steps; then the text, never read as markup.
    private Paragraph Guided(string guides, string text) => new Paragraph().Append(guides, new Style(_options.BorderColor)).Append(text);

    // A running step's own figure follows its description: a small bar in the executing colour and the percentage.
    private Paragraph Described(StepSummary step, string guides)
    {
        var cell = Guided(guides, step.Description);

        if (step.Progress is { } fraction)
        {
            var percent = StepPercent.Of(fraction);
            var done = percent * StepBarWidth / 100;
            cell.Append("  ")
                .Append(new string('█', done), new Style(_options.ExecutingColor))
                .Append(new string('░', StepBarWidth - done), new Style(Color.Grey))
                .Append(string.Create(CultureInfo.InvariantCulture, $" {percent}%"));
        }

        return cell;
    }

    private Color ColorOf(StatusState state) => state switch
    {
        StatusState.Pending => _options.PendingColor,
        StatusState.Executing => _options.ExecutingColor,
        StatusState.AwaitingInput => _options.AwaitingInputColor,
        StatusState.Completed => _options.CompletedColor,
        StatusState.Failed => _options.FailedColor,
        _ => Color.Default,
    };
}
