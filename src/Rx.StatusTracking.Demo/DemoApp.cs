using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Rx.StatusTracking.Console;
using Rx.StatusTracking.Demo.Agents;
using Rx.StatusTracking.Demo.Output;
using Rx.StatusTracking.Demo.Simulation;
using Rx.StatusTracking.Demo.Web;
using Spectre.Console;

namespace Rx.StatusTracking.Demo;

/// <summary>The demo's main job, separate from <c>Program</c> so tests can run it in-process.</summary>
internal static class DemoApp
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;
    public const int ExitPortInUse = 3;

    /// <summary>The terminal view: the shipped live view, its percentage out of the run's steps.</summary>
    /// <param name="terminal">The console to draw on.</param>
    /// <param name="expectedSteps">How many steps the run has: the chat turn's by default.</param>
    public static StatusLiveView LiveView(IAnsiConsole terminal, int expectedSteps = ChatTurnSimulation.StepCount) =>
        new(terminal, new StatusLiveViewOptions { ExpectedSteps = expectedSteps });

    /// <summary>Runs the demo.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="terminal">The live console when output is an interactive terminal (colours allowed), else <see langword="null"/> for plain lines.</param>
    /// <param name="stop">Signalled by Ctrl+C or SIGTERM: stops an agent run (its running steps end Failed, cancelled).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, IAnsiConsole? terminal, CancellationToken stop)
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

        if (options.Serve)
        {
            return await DemoServer.RunAsync(options.Port, options.Agents, output, error, stop).ConfigureAwait(false);
        }

        var start = DateTimeOffset.UtcNow;
        var virtualClock = options.Fast ? new HistoricalScheduler(start) : null;
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = (IScheduler?)virtualClock ?? Scheduler.Default });
        // Trims of the bounded history are the bound doing its job (Information): only problems are printed.
        using var errors = tracker.Errors.Where(e => e.Severity > StatusTrackingSeverity.Information).Subscribe(e => error.WriteLine($"status tracking: {e.Message}"));
        var finished = tracker.WithHistory().LastOrDefaultAsync().ToTask();

        // The chat turn is scheduled up front and runs as its clock advances; the agent run is code that runs until it ends.
        using var turn = options.Agents ? null : new ChatTurnSimulation(tracker).Start();
        Func<Task> run = options.Agents
            ? () => new AgentScenario(tracker, virtualClock is null ? ScenarioClock.RealTime : ScenarioClock.Virtual(virtualClock)).RunAsync(stop)
            : () =>
            {
                virtualClock?.Start();
                return Task.CompletedTask;
            };

        if (options.Json)
        {
            using (tracker.WithHistory().Subscribe(new JsonLinesPrinter(output).Print))
            {
                await RunToEndAsync(run, finished).ConfigureAwait(false);
            }

            return ExitOk;
        }

        if (terminal is not null)
        {
            var view = LiveView(terminal, options.Agents ? AgentScenario.StepCount : ChatTurnSimulation.StepCount);
            await RunToEndAsync(run, view.RunAsync(tracker)).ConfigureAwait(false);
            return ExitOk;
        }

        var printer = new StatusLineWriter(output, start);
        using (tracker.WithHistory().Subscribe(printer.Write))
        {
            await RunToEndAsync(run, finished).ConfigureAwait(false);
        }

        printer.WriteSummary(tracker.GetSummary());
        return ExitOk;
    }

    // Starts the run once the output is subscribed, waits until the output has shown the end, then for the run itself.
    private static async Task RunToEndAsync(Func<Task> run, Task shown)
    {
        var running = run();
        await shown.ConfigureAwait(false);
        await running.ConfigureAwait(false);
    }
}
