using System.Globalization;
using System.Reactive.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rx.StatusTracking.Demo.Output;

/// <summary>
/// The terminal view: a progress bar and a table of steps (state in colour, attempts, elapsed time), redrawn
/// at most every 80 ms as statuses arrive, then the summary.
/// </summary>
internal sealed class LiveView(IAnsiConsole console, int expectedSteps)
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(80);

    /// <summary>Shows the tracker live until it completes.</summary>
    public async Task RunAsync(ChatStatusTracker tracker, Task finished)
    {
        using var changed = new SemaphoreSlim(0);
        using var redraws = tracker.WithHistory().ThrottleUpdates(Redraw, tracker.Scheduler).Subscribe(_ => changed.Release());
        await console.Live(Render(tracker)).AutoClear(false).StartAsync(async context =>
        {
            while (!finished.IsCompleted)
            {
                await Task.WhenAny(changed.WaitAsync(), finished).ConfigureAwait(false);
                context.UpdateTarget(Render(tracker));
            }

            context.UpdateTarget(Render(tracker));
        }).ConfigureAwait(false);
        console.Write(new Panel(Markup.Escape(tracker.GetSummary().ToString())).Header("Summary").BorderColor(Color.Grey));
    }

    /// <summary>The view of the tracker as it stands.</summary>
    public IRenderable Render(ChatStatusTracker tracker)
    {
        var summary = tracker.GetSummary();
        var progress = tracker.GetProgress(expectedSteps);
        var table = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey)
            .AddColumn("Step").AddColumn("State").AddColumn("Description").AddColumn(new TableColumn("Attempts").RightAligned()).AddColumn(new TableColumn("Elapsed").RightAligned());
        foreach (var step in summary.Steps)
        {
            table.AddRow(
                new Text(step.Step.ToString(CultureInfo.InvariantCulture)),
                new Markup($"[{ColorOf(step.State)}]{step.State}[/]"),
                new Text(step.Description),
                new Text(step.Attempts.ToString(CultureInfo.InvariantCulture)),
                new Text(step.Duration is { } duration ? $"{duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s" : "…"));
        }

        var bar = new BreakdownChart().Width(60).HideTags()
            .AddItem("done", Math.Round(progress.Percent, 1), progress.Failed > 0 ? Color.Orange1 : Color.Green)
            .AddItem("left", Math.Round(100 - progress.Percent, 1), Color.Grey23);
        var headline = new Markup(string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]{progress.Percent:0}%[/]  {progress.Completed} completed, {progress.Failed} failed, {progress.Executing} running, {progress.Pending} pending  [grey]{progress.Elapsed.TotalSeconds:0.00} s[/]"));
        var failures = summary.Failures.Select(f => (IRenderable)new Markup($"[red]✗ step {f.Step}: {Markup.Escape(f.Description)}[/]"));
        return new Rows([bar, headline, table, .. failures]);
    }

    private static string ColorOf(StatusState state) => state switch
    {
        StatusState.Pending => "grey",
        StatusState.Executing => "deepskyblue1",
        StatusState.Completed => "green",
        StatusState.Failed => "red",
        _ => "default",
    };
}
