using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>A strict tracker with a recording subscriber, and a client built with <c>UseStatusTracking</c> on a model.</summary>
internal sealed record TrackedPipeline(IChatClient Client, List<ChatStatus> Seen, ChatStatusTracker Tracker)
{
    public static TrackedPipeline Build(IChatClient model, Action<StatusTrackingChatOptions>? configure = null)
    {
        var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        var seen = new List<ChatStatus>();
        tracker.Subscribe(s =>
        {
            lock (seen)
            {
                seen.Add(s);
            }
        });
        return new(new ChatClientBuilder(model).UseStatusTracking(tracker, configure).Build(), seen, tracker);
    }

    /// <summary>Each status as "step state description".</summary>
    public static string[] Show(IEnumerable<ChatStatus> statuses) => [.. statuses.Select(s => $"{s.Step} {s.State} {s.Description}")];

    /// <summary>
    /// A first model call that asks for one tool, the tool queued, running and completing, and the next model call
    /// sending its result back (steps 1, 2 and 3; step 3 not yet ended).
    /// </summary>
    public static string[] OneToolRound(string tool) =>
    [
        $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
        $"1 Completed {ChatStatusMessages.ReceivedResponse}",
        $"2 Pending {ChatStatusMessages.ToolQueued(tool)}",
        $"2 Executing {ChatStatusMessages.ExecutingTool(tool)}",
        $"2 Completed {ChatStatusMessages.ToolCompleted(tool)}",
        $"3 Executing {ChatStatusMessages.SendingToolResults}",
    ];

    public static FunctionCallContent Call(string id, string name, Dictionary<string, object?>? arguments = null) => new(id, name, arguments);

    /// <summary>Asks the client, streamed or not, and returns the answer's text.</summary>
    public async Task<string> AskAsync(string question, ChatOptions options, bool streamed) =>
        streamed
            ? string.Concat(await Client.GetStreamingResponseAsync(question, options).Select(u => u.Text).ToListAsync())
            : (await Client.GetResponseAsync(question, options)).Text;

    /// <summary>The tracker's summary as (total, completed, failed, pending, executing, awaiting input) steps.</summary>
    public (int Total, int Completed, int Failed, int Pending, int Executing, int AwaitingInput) Counts()
    {
        var summary = Tracker.GetSummary();
        return (summary.TotalSteps, summary.CompletedSteps, summary.FailedSteps, summary.PendingSteps, summary.ExecutingSteps, summary.AwaitingInputSteps);
    }
}
