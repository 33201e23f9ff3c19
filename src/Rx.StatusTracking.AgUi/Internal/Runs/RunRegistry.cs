using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// The runs an endpoint serves, by run id (the id of the run's operation in the hub), kept as long as the hub keeps the
/// operation and until the run's last event is in its log: the hub's retention decides how long a finished run can
/// still be resumed, and its eviction drops the run's events.
/// </summary>
internal sealed class RunRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, RunEntry> _runs = new(StringComparer.Ordinal);
    private readonly IDisposable _evictions;

    public RunRegistry(StatusHub hub)
    {
        _evictions = hub.Events.Subscribe(new EvictionObserver(_runs));
    }

    /// <summary>Adds a run that has just started, replacing what is left of an older run of that id.</summary>
    public void Add(RunEntry entry) => _runs[entry.RunId] = entry;

    public bool TryGet(string runId, [NotNullWhen(true)] out RunEntry? entry) => _runs.TryGetValue(runId, out entry);

    public void Dispose() => _evictions.Dispose();

    private sealed class EvictionObserver(ConcurrentDictionary<string, RunEntry> runs) : IObserver<OperationEvent>
    {
        public void OnNext(OperationEvent value)
        {
            if (value.Kind != OperationEventKind.Evicted || !runs.TryGetValue(value.OperationId, out var entry))
            {
                return;
            }

            // The tracker completes before the run's last event is appended: the run stays resumable until it has it.
            // Removed only as this entry, so a newer run of the id started meanwhile stays.
            entry.Log.Ended.ContinueWith(
                _ => runs.TryRemove(new KeyValuePair<string, RunEntry>(entry.RunId, entry)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
