using System.Runtime.CompilerServices;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rx.StatusTracking.Agents.Internal;

namespace Rx.StatusTracking.Agents;

/// <summary>Turns a workflow run's events (Microsoft Agent Framework workflows) into steps of a tracker.</summary>
public static class WorkflowStatusExtensions
{
    /// <summary>
    /// Passes <paramref name="events"/> (e.g. <c>StreamingRun.WatchStreamAsync()</c>) through unchanged while it reports the
    /// run to <paramref name="tracker"/>: the workflow is a step (Executing "Running the workflow X." from the first
    /// read, Completed "The workflow X finished." when the stream ends with no request for input unanswered, or Failed on
    /// a <see cref="WorkflowErrorEvent"/> or an exception from the stream, which reaches the caller unchanged); each
    /// executor invocation is a step of its own (Executing on <see cref="ExecutorInvokedEvent"/>, then Completed or
    /// Failed with the handler's own exception rather than the <see cref="System.Reflection.TargetInvocationException"/>
    /// around it), named without the <c>_{guid}</c> the framework appends to agent executors' ids; each
    /// <see cref="RequestInfoEvent"/> is a step waiting for input until the executor that asked receives the answer.
    /// </summary>
    /// <remarks>
    /// An invocation that hands an executor a chat message list is shown only once it proves to be work (it completes
    /// with a result, fails, or its executor outputs or reports an event): agent executors log one or two empty such
    /// invocations before the one that runs the agent (Agent Framework issue #4846), and they are never shown. A
    /// caller that stops reading before the stream ends leaves the run Failed "… abandoned …", and a stream that ends once
    /// <paramref name="cancellationToken"/> is cancelled leaves it Failed "… the run was cancelled."; either way the
    /// executors still running and the requests still waiting end Failed with it. A strict tracker's
    /// refusal is logged through <paramref name="logger"/> and the events still flow.
    /// </remarks>
    /// <param name="events">The run's events.</param>
    /// <param name="tracker">Where the statuses go.</param>
    /// <param name="workflowName">The name the sentences give the workflow, e.g. <c>Workflow.Name</c>; null for none.</param>
    /// <param name="logger">Where refused reports are logged; null for nowhere.</param>
    /// <param name="cancellationToken">Passed to <paramref name="events"/>.</param>
    /// <returns>The same events, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="tracker"/> is null.</exception>
    public static IAsyncEnumerable<WorkflowEvent> WithStatusTracking(
        this IAsyncEnumerable<WorkflowEvent> events,
        ChatStatusTracker tracker,
        string? workflowName = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(tracker);
        return Track(events, new StepReporter(tracker, logger ?? NullLogger.Instance), workflowName, cancellationToken);
    }

    private static async IAsyncEnumerable<WorkflowEvent> Track(
        IAsyncEnumerable<WorkflowEvent> events,
        StepReporter reporter,
        string? workflowName,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var run = new WorkflowRun(reporter, workflowName);
        var ended = false;
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    run.Observe(enumerator.Current);
                }
                catch (Exception error)
                {
                    ended = true;
                    run.Fail(error);
                    throw;
                }

                yield return enumerator.Current;
            }

            ended = true;
            if (cancellationToken.IsCancellationRequested)
            {
                // A stream that stops because it was cancelled (WatchStreamAsync ends quietly) is not a finished workflow.
                run.Fail(new OperationCanceledException("the run was cancelled", null, cancellationToken));
            }
            else
            {
                run.End();
            }
        }
        finally
        {
            if (!ended)
            {
                run.Fail(new OperationCanceledException("the event stream was abandoned before it ended"));
            }

            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
