// README:usings
using Rx.StatusTracking;
using Rx.StatusTracking.Console;
using Spectre.Console;
// README:end

// Outside Rx.StatusTracking, as an app is: there, Console is System.Console.
namespace ReadmeExamples;

/// <summary>The README's console example, compiled; <c>ReadmeConsoleExampleTests</c> keeps the two equal and runs it.</summary>
internal static class ReadmeConsoleExample
{
    public static async Task RunAsync(ChatStatusTracker tracker)
    {
        // README:begin
        var turn = RunTurnAsync(tracker); // your pipeline: it completes the tracker when the turn ends

        if (!Console.IsOutputRedirected)
        {
            // A terminal: the progress bar, the steps (states in colour, attempts, times) and failures, live; then the summary.
            await new StatusLiveView(AnsiConsole.Console, new StatusLiveViewOptions { ExpectedSteps = 2 }).RunAsync(tracker);
        }
        else
        {
            // A pipe or a CI log: one plain line per status, then the summary.
            var lines = new StatusLineWriter(Console.Out);
            using (tracker.WithHistory().Subscribe(lines.Write))
            {
                await tracker.Completion;
            }

            lines.WriteSummary(tracker.GetSummary());
        }

        await turn;
        // README:end
    }

    // The README's "your pipeline": two steps, then the tracker completes.
    private static async Task RunTurnAsync(ChatStatusTracker tracker)
    {
        await Task.Yield();
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Executing(2, ChatStatusMessages.WaitingOpenAI);
        tracker.Completed(2, ChatStatusMessages.ReceivedFinal);
        tracker.Complete();
    }
}
