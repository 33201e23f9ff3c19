using System.Runtime.CompilerServices;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// The run middleware of one built agent: each run (streamed or not) reports to the tracker its selector picks, as a
/// step around the inner agent's run.
/// </summary>
/// <param name="select">Picks the run's tracker, or null for an untracked run.</param>
/// <param name="services">The services the agent was built with (the selector's and the logger's).</param>
/// <param name="log">Where refused reports are logged.</param>
/// <param name="toolsFromContents">
/// Whether tool calls are read from the run's contents: only when the inner agent has no function-invocation client,
/// so the function middleware (exact start and end times) cannot be used.
/// </param>
internal sealed class AgentRunMiddleware(
    Func<IEnumerable<ChatMessage>, AgentSession?, AgentRunOptions?, IServiceProvider, ChatStatusTracker?> select,
    IServiceProvider services,
    ILogger log,
    bool toolsFromContents)
{
    public async Task<AgentResponse> RunAsync(
        IEnumerable<ChatMessage> messages,
        AgentSession? session,
        AgentRunOptions? options,
        AIAgent inner,
        CancellationToken cancellationToken)
    {
        if (select(messages, session, options, services) is not { } tracker)
        {
            return await inner.RunAsync(messages, session, options, cancellationToken).ConfigureAwait(false);
        }

        var run = AgentRun.Begin(new StepReporter(tracker, log), inner, messages, timesModelCalls: !toolsFromContents);
        var outer = AmbientStep.Current;
        AmbientStep.Current = run.Ambient;
        try
        {
            var response = await inner.RunAsync(messages, session, options, cancellationToken).ConfigureAwait(false);
            foreach (var message in response.Messages)
            {
                run.Observe(message.Contents, toolsFromContents, streamed: false);
            }

            run.AddUsage(response.Usage);
            run.Complete();
            return response;
        }
        catch (Exception exception)
        {
            run.Fail(exception, cancellationToken);
            throw;
        }
        finally
        {
            AmbientStep.Current = outer;
        }
    }

    public async IAsyncEnumerable<AgentResponseUpdate> RunStreamingAsync(
        IEnumerable<ChatMessage> messages,
        AgentSession? session,
        AgentRunOptions? options,
        AIAgent inner,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (select(messages, session, options, services) is not { } tracker)
        {
            await foreach (var update in inner.RunStreamingAsync(messages, session, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var outer = AmbientStep.Current;
        var run = AgentRun.Begin(new StepReporter(tracker, log), inner, messages, timesModelCalls: !toolsFromContents);
        var ended = false;
        var updates = inner.RunStreamingAsync(messages, session, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                AgentResponseUpdate update;
                try
                {
                    // An iterator's async-local values do not survive its yields: set the run for each step of the inner stream.
                    AmbientStep.Current = run.Ambient;
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = updates.Current;
                    run.Observe(update.Contents, toolsFromContents, streamed: true);
                    run.ObserveRaw(update.RawRepresentation);
                }
                catch (Exception exception)
                {
                    ended = true;
                    run.Fail(exception, cancellationToken);
                    throw;
                }
                finally
                {
                    AmbientStep.Current = outer;
                }

                yield return update;
            }

            ended = true;
            run.Complete();
        }
        finally
        {
            if (!ended)
            {
                // The caller stopped reading: the run ends where the caller left it.
                run.Fail(new OperationCanceledException(AbandonedReason), CancellationToken.None);
            }

            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    private const string AbandonedReason = "the response stream was abandoned before it ended";
}
