namespace Rx.StatusTracking.Tests.Docs;

/// <summary>The README's lifecycle and bridges examples, compiled. <see cref="ReadmeLifecycleTests"/> checks the README shows exactly this code.</summary>
internal static class ReadmeLifecycleExample
{
    public static async Task<string> AnswerAsync(StatusHub hub, string question, CancellationToken cancellationToken)
    {
        // README:begin run
        var answer = await hub.RunAsync("turn-42", async (tracker, token) =>
        {
            var pages = await tracker.RunStepAsync("Searching the web.", ct => SearchAsync(question, ct), token,
                completedDescription: "Found the pages.");

            var indexing = tracker.ReserveStep();
            tracker.RunStep(indexing, "Indexing the pages.", () => Index(pages, tracker.ProgressFor(indexing, "Indexing the pages")));

            return await tracker.RunStepAsync("Writing the answer.", ct => WriteAsync(question, pages, ct), token);
        }, cancellationToken); // completed here on every path: open steps ended, a failure recorded once and rethrown
        // README:end
        return answer;
    }

    public static async Task<List<string>> FollowAsync(ChatStatusTracker tracker, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        // README:begin follow
        await foreach (var status in tracker.WithHistory().ToAsyncEnumerable().WithCancellation(cancellationToken))
        {
            lines.Add($"{status.Step} {status.State}: {status.Description}");
        }
        // README:end
        return lines;
    }

    private static async Task<string[]> SearchAsync(string question, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return [$"a page about {question}", "another page"];
    }

    private static void Index(string[] pages, IProgress<double> progress)
    {
        for (var i = 1; i <= pages.Length; i++)
        {
            progress.Report((double)i / pages.Length);
        }
    }

    private static Task<string> WriteAsync(string question, string[] pages, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<string>(cancellationToken) : Task.FromResult($"{question}: {pages.Length} pages");
}
