using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Rx.StatusTracking.Demo.Output;
using Rx.StatusTracking.Demo.Simulation;

namespace Rx.StatusTracking.Demo;

/// <summary>The demo's main job, separate from <c>Program</c> so tests can run it in-process.</summary>
internal static class DemoApp
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool useColor)
    {
        var (options, problem) = DemoOptions.Parse(args);
        if (options is null)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return ExitUsage;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(DemoOptions.Usage).ConfigureAwait(false);
            return ExitOk;
        }

        var start = DateTimeOffset.UtcNow;
        var virtualClock = options.Fast ? new HistoricalScheduler(start) : null;
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = (IScheduler?)virtualClock ?? Scheduler.Default });
        var printer = new StatusPrinter(output, useColor, start);
        var errors = tracker.Errors.Subscribe(e => error.WriteLine($"status tracking: {e.Message}"));
        using (errors)
        {
            var finished = tracker.WithHistory().Do(printer.Print).LastOrDefaultAsync().ToTask();
            using (new ChatTurnSimulation(tracker).Start())
            {
                virtualClock?.Start();
                await finished.ConfigureAwait(false);
            }
        }

        printer.PrintSummary(tracker.GetSummary());
        return ExitOk;
    }
}
