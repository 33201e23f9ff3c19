namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>A subscription to <c>Observe</c> that records each status with its arrival time, and how the sequence ended.</summary>
public sealed class LiveReader : IDisposable
{
    private readonly List<(ChatStatus Status, TimeSpan At)> _received = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _subscription;

    public LiveReader(IObservable<ChatStatus> statuses, Func<TimeSpan> now) =>
        _subscription = statuses.Subscribe(
            s =>
            {
                lock (_received)
                {
                    _received.Add((s, now()));
                }
            },
            e => _ended.TrySetException(e),
            () => _ended.TrySetResult());

    /// <summary>Completes when the sequence completes; faults with the error it ended with.</summary>
    public Task Ended => _ended.Task;

    public ChatStatus[] Statuses
    {
        get
        {
            lock (_received)
            {
                return [.. _received.Select(r => r.Status)];
            }
        }
    }

    /// <summary>The longest time between two arrivals (counting the window's start and end) within the window.</summary>
    public TimeSpan LongestGap(TimeSpan from, TimeSpan to)
    {
        lock (_received)
        {
            var times = _received.Select(r => r.At).Where(t => t > from && t <= to).Prepend(from).Append(to).ToArray();
            return times.Zip(times.Skip(1), (a, b) => b - a).Max();
        }
    }

    public void Dispose() => _subscription.Dispose();
}
