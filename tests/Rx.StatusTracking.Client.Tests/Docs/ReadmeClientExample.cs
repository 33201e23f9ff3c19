// README:usings
using Rx.StatusTracking;
using Rx.StatusTracking.Client;
// README:end

namespace Rx.StatusTracking.Client.Tests.Docs;

/// <summary>The README's client example, compiled; <see cref="ReadmeClientExampleTests"/> keeps the two equal and runs it.</summary>
internal static class ReadmeClientExample
{
    public static async Task<ExecutionSummary> RunAsync(HttpClient http, CancellationToken stopping)
    {
        // README:begin
        var client = new StatusStreamClient(http, new StatusStreamClientOptions // http.BaseAddress: the server
        {
            OnNotice = notice => Console.Error.WriteLine(notice.Message), // reconnects, gaps
        });

        // A local mirror: summary, progress, every operator and the console view work on it as on the server.
        using var mirror = new ChatStatusTracker();
        await foreach (var status in client.FollowAsync("turn-42", cancellationToken: stopping))
        {
            mirror.Import(status);
        }

        mirror.Complete(); // the server said the operation completed
        // README:end
        return mirror.GetSummary();
    }
}
