using System.Collections.Concurrent;
using Microsoft.Agents.AI.Workflows;

namespace Rx.StatusTracking.Demo.Agents;

/// <summary>
/// Lets a workflow executor begin its work once the reader of the run's events has recorded the executor's start.
/// </summary>
/// <remarks>
/// The in-process runner raises <see cref="ExecutorInvokedEvent"/> on its own thread and the reader records it when it
/// reads it: on the virtual clock, an executor that spent its time before that would have its start stamped after its
/// work. Waiting for the reader keeps the virtual timeline the real one, and costs the real one nothing visible.
/// </remarks>
internal sealed class ExecutorStarts
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _recorded = new(StringComparer.Ordinal);

    /// <summary>Called by the reader with each event after the tracker has seen it.</summary>
    public void Saw(WorkflowEvent workflowEvent)
    {
        if (workflowEvent is ExecutorInvokedEvent invoked)
        {
            Of(invoked.ExecutorId).Release();
        }
    }

    /// <summary>Completes once the reader has recorded one more invocation of <paramref name="executorId"/>.</summary>
    public Task RecordedAsync(string executorId, CancellationToken cancellationToken) => Of(executorId).WaitAsync(cancellationToken);

    private SemaphoreSlim Of(string executorId) => _recorded.GetOrAdd(executorId, static _ => new SemaphoreSlim(0));
}
