using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AgUi;
using Rx.StatusTracking.Demo.Simulation;

namespace Rx.StatusTracking.Demo.Web;

/// <summary>
/// <c>--serve</c>'s AG-UI run (<c>POST /agui</c>): the simulated chat turn on the run's tracker, so an AG-UI front end
/// sees its six steps as step events and status activities, then the answer as a streamed text message and the turn's
/// (simulated) token usage, which <c>RUN_FINISHED</c> carries.
/// </summary>
internal static class DemoAgUiTurn
{
    /// <summary>The answer, in the chunks it is streamed in.</summary>
    public static readonly IReadOnlyList<string> Answer = ["Pack layers and a rain jacket: ", "Oslo is 12 °C and showery ", "this week."];

    /// <summary>The simulated model that "wrote" the answer, named on its token usage.</summary>
    public const string ModelId = "demo-model";

    private static int s_runs;

    public static async IAsyncEnumerable<ChatResponseUpdate> RunAsync(AgUiRunContext run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tracker = run.Tracker;
        using (new ChatTurnSimulation(tracker, seed: Interlocked.Increment(ref s_runs)).Start())
        {
            // The turn completes the tracker after its last step; a cancelled run stops the turn's schedule here (the
            // endpoint then ends the run and its tracker).
            await tracker.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var messageId = $"{run.RunId}:answer";
        foreach (var chunk in Answer)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk) { MessageId = messageId, ModelId = ModelId };
        }

        var usage = new UsageDetails { InputTokenCount = 412, OutputTokenCount = 23, TotalTokenCount = 435 };
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)]) { MessageId = messageId, ModelId = ModelId };
    }
}
