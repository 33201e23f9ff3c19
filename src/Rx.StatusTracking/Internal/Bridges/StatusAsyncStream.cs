namespace Rx.StatusTracking.Internal;

/// <summary>A status stream as an <see cref="IAsyncEnumerable{T}"/>: each enumeration subscribes on its own.</summary>
internal sealed class StatusAsyncStream(IObservable<ChatStatus> source, int capacity) : IAsyncEnumerable<ChatStatus>
{
    public IAsyncEnumerator<ChatStatus> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new StatusAsyncReader(source, capacity, cancellationToken);
}
