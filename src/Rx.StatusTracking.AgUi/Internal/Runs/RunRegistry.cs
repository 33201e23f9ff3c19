using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// The runs an endpoint serves, by run id (the id of the run's operation in the hub), kept as long as the hub keeps the
/// operation: the hub's retention decides how long a finished run can still be resumed, and its eviction drops the run's events.
/// </summary>
internal sealed class RunRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, RunEntry> _runs = new(StringComparer.Ordinal);
    private readonly IDisposable _evictions;

    public RunRegistry(StatusHub hub)
    {
        _evictions = hub.Events.Subscribe(new EvictionObserver(_runs));
    }

    public bool TryAdd(RunEntry entry) => _runs.TryAdd(entry.RunId, entry);

    public bool TryGet(string runId, [NotNullWhen(true)] out RunEntry? entry) => _runs.TryGetValue(runId, out entry);

    public void Remove(string runId) => _runs.TryRemove(runId, out _);

    public void Dispose() => _evictions.Dispose();

    private sealed class EvictionObserver(ConcurrentDictionary<string, RunEntry> runs) : IObserver<OperationEvent>
    {
        public void OnNext(OperationEvent value)
        {
            if (value.Kind == OperationEventKind.Evicted)
            {
                runs.TryRemove(value.OperationId, out _);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
