using System.Runtime.ExceptionServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// One enumeration of <c>ToAsyncEnumerable</c>: subscribed when created, it buffers what the source delivers (never
/// blocking the source's delivering thread) and hands it out one <see cref="MoveNextAsync"/> at a time. The buffer is the
/// library's <see cref="ConflatingBuffer{T, TKey}"/> keyed by step: from <c>capacity</c> waiting statuses, a step's older
/// non-terminal status gives way to its newer one; past twice the capacity with nothing stale, non-terminal statuses are
/// refused; terminal statuses and reset markers are always kept.
/// </summary>
internal sealed class StatusAsyncReader : IAsyncEnumerator<ChatStatus>, IObserver<ChatStatus>
{
    private readonly Lock _gate = new();
    private readonly ConflatingBuffer<ChatStatus, int> _waiting;
    private readonly CancellationToken _cancellationToken;
    private readonly IDisposable _subscription;
    private TaskCompletionSource<bool>? _signal;
    private ExceptionDispatchInfo? _error;
    private bool _completed;
    private bool _disposed;

    public StatusAsyncReader(IObservable<ChatStatus> source, int capacity, CancellationToken cancellationToken)
    {
        _waiting = new ConflatingBuffer<ChatStatus, int>(capacity, (int)Math.Min(2L * capacity, int.MaxValue));
        _cancellationToken = cancellationToken;
        Current = null!;
        _subscription = source.Subscribe(this);
    }

    public ChatStatus Current { get; private set; }

    public void OnNext(ChatStatus value)
    {
        TaskCompletionSource<bool>? waiting;
        lock (_gate)
        {
            if (_disposed || _completed)
            {
                return;
            }

            _waiting.Add(value, value.Step, value);
            waiting = TakeSignalLocked();
        }

        waiting?.TrySetResult(true);
    }

    public void OnError(Exception error) => Finish(ExceptionDispatchInfo.Capture(error));

    public void OnCompleted() => Finish(error: null);

    public async ValueTask<bool> MoveNextAsync()
    {
        while (true)
        {
            Task<bool> wait;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _cancellationToken.ThrowIfCancellationRequested();
                if (_waiting.TryTake(out var status))
                {
                    Current = status;
                    return true;
                }

                if (_completed)
                {
                    _error?.Throw();
                    return false;
                }

                // Asynchronous continuations: the consumer's code never runs on the source's delivering thread.
                _signal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _signal.Task;
            }

            await wait.WaitAsync(_cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
            _waiting.Clear();
        }

        _subscription.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Finish(ExceptionDispatchInfo? error)
    {
        TaskCompletionSource<bool>? waiting;
        lock (_gate)
        {
            if (_disposed || _completed)
            {
                return;
            }

            _completed = true;
            _error = error;
            waiting = TakeSignalLocked();
        }

        waiting?.TrySetResult(true);
    }

    private TaskCompletionSource<bool>? TakeSignalLocked()
    {
        var waiting = _signal;
        _signal = null;
        return waiting;
    }
}
