using System.Collections.Concurrent;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The publisher's one writer. It takes batches from the outbox in report order and sends each operation's share of
/// them to Redis without waiting for any other. A busy operation has up to <see cref="OperationLanes.MaxInFlight"/>
/// shares with Redis at once, each appended only if the one before it is in the stream, and what comes for it beyond
/// that queues in its lane (see <see cref="OperationLanes"/>): each stream gets its statuses in order, Redis keeps busy
/// with a busy operation, and one slow or failed share (a shard being failed over) holds up no other operation. A share
/// Redis did not take for want of a node waits for its own retry with backoff, with the later shares of its operation.
/// Once an outage ends, and when a connection comes back, every running operation's stream is checked (a share that
/// only checks).
/// </summary>
internal sealed class WriteLoop
{
    // The batch taken when Redis has nothing of this writer's: short, so writing starts at once (the next shares of an
    // operation are sent behind its first write, but are answered only after it).
    private const int FirstBatchSize = 64;

    private readonly Outbox _outbox;
    private readonly OperationWriter _writes;
    private readonly PublishedOperations _operations;
    private readonly WriterIdle _idle;
    private readonly WriterHold _hold;
    private readonly Signal _wake;
    private readonly int _maxBatchSize;
    private readonly int _maxHeldItems;
    private readonly TimeProvider _time;
    private readonly OperationLanes _lanes;
    private readonly WriteOutage _outage;
    private readonly ConcurrentQueue<(PendingWrite.OperationWrite Write, Exception? Failure)> _settled = new();
    private readonly HashSet<Task> _inFlight = [];
    private int _parkedNow;
    private int _heldNow;
    private CancellationTokenSource? _retryTimer;
    private long _retryDueAt;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _givenUp;
    private int _repairRequested;

    /// <summary>Starts the writer.</summary>
    /// <param name="outbox">Where the batches come from.</param>
    /// <param name="writes">What writes them.</param>
    /// <param name="operations">The operations followed, checked in a repair.</param>
    /// <param name="idle">Marked idle when the outbox is found empty and no operation is busy.</param>
    /// <param name="hold">The gate passed before each batch.</param>
    /// <param name="wake">Set when there is something to do (a report, a share settled).</param>
    /// <param name="options">The batch size, the outbox limit (which also bounds the items the lanes hold) and the retry delays.</param>
    /// <param name="outage">Where outages are tracked and reported.</param>
    public WriteLoop(
        Outbox outbox, OperationWriter writes, PublishedOperations operations, WriterIdle idle, WriterHold hold, Signal wake, RedisPublisherOptions options, WriteOutage outage)
    {
        _outbox = outbox;
        _writes = writes;
        _operations = operations;
        _idle = idle;
        _hold = hold;
        _wake = wake;
        _maxBatchSize = options.MaxBatchSize;
        _maxHeldItems = options.MaxOutbox;
        _time = options.TimeProvider;
        _lanes = new OperationLanes(new Backoff(options.RetryDelay, options.MaxRetryDelay, _time));
        _outage = outage;
        _running = Task.Run(RunAsync);
    }

    /// <summary>Checks every running operation's stream (Redis may have restarted empty). Any thread.</summary>
    public void RequestRepair()
    {
        // A writer with shares waiting for a retry repairs when the next one is due; one with none is woken. The request
        // and the count are each written with a full fence before the other is read, so one side sees the other.
        Interlocked.Exchange(ref _repairRequested, 1);
        if (Volatile.Read(ref _parkedNow) == 0)
        {
            _wake.Set();
        }
    }

    /// <summary>How many items the writer holds (taken from the outbox, not acknowledged yet), as of its last step. Any thread.</summary>
    public int Held => Volatile.Read(ref _heldNow);

    /// <summary>How many taken items the writer gave up when it was stopped while they waited for a retry (they are no longer in the outbox).</summary>
    public int GivenUp => Volatile.Read(ref _givenUp);

    /// <summary>Stops the writer, giving up what still waits, and waits for it.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (await _hold.PassAsync(token).ConfigureAwait(false))
            {
                Settle();
                if (Interlocked.Exchange(ref _repairRequested, 0) == 1)
                {
                    Repair();
                }

                _lanes.TakeDue().ForEach(Send);

                if (_lanes.HeldItems < _maxHeldItems && TakeNext() is { } batch)
                {
                    foreach (var write in PendingWrite.Prepare(batch, _writes.Entries, _time, _lanes).Operations)
                    {
                        Send(write);
                    }

                    continue;
                }

                if (_lanes.IsEmpty)
                {
                    _idle.MarkIdleIfEmpty(_outbox, stopping: false);
                }

                Volatile.Write(ref _heldNow, _lanes.HeldItems);
                await SleepAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        // What is with Redis now ends one way or the other; what waits for a retry is given up.
        Task[] inFlight;
        lock (_inFlight)
        {
            inFlight = [.. _inFlight];
        }

        await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Settle(stopping: true);
        Interlocked.Add(ref _givenUp, _lanes.HeldItems);
        _retryTimer?.Dispose();
        _idle.MarkIdleIfEmpty(_outbox, stopping: true);
    }

    private void Send(PendingWrite.OperationWrite write)
    {
        _lanes.Started(write, _writes.Entries);
        var sending = SendAsync(write);
        lock (_inFlight)
        {
            if (!sending.IsCompleted)
            {
                _inFlight.Add(sending);
            }
        }

        _ = sending.ContinueWith(
            static (task, state) =>
            {
                var inFlight = (HashSet<Task>)state!;
                lock (inFlight)
                {
                    inFlight.Remove(task);
                }
            },
            _inFlight,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task SendAsync(PendingWrite.OperationWrite write)
    {
        Exception? failure = null;
        try
        {
            await _writes.WriteShareAsync(write).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        _settled.Enqueue((write, failure));
        _wake.Set();
    }

    // The shares Redis answered, each operation's in the order they were sent: the next share of the operation goes, or
    // the failed one waits for its retry.
    private void Settle(bool stopping = false)
    {
        while (_settled.TryDequeue(out var settled))
        {
            OperationLanes.Answer(settled.Write, settled.Failure);
            while (_lanes.TryTakeAnswered(settled.Write.Operation, out var write))
            {
                Handle(write, stopping);
            }
        }

        Interlocked.Exchange(ref _parkedNow, _lanes.Parked);
        Volatile.Write(ref _heldNow, _lanes.HeldItems);

        // Redis may lose what it acknowledged when a node fails (a replica promoted before it had everything, a restart
        // without persistence): once the outage is over, every running operation is checked, idle ones included.
        if (!stopping && _lanes.Retrying == 0 && _outage.FailedAttempts > 0)
        {
            _outage.Ended();
            Repair();
        }
    }

    private void Handle(PendingWrite.OperationWrite write, bool stopping)
    {
        var failure = write.Failure;
        if (failure is null)
        {
            if (_outage.FailedAttempts > 0)
            {
                _outage.Taken();
            }

            _writes.Written(write);
            if (_lanes.Succeeded(write) is { } next && !stopping)
            {
                Send(next);
            }
        }
        else if (failure is PredecessorNotWrittenException)
        {
            // Not an outage of its own: the share before it failed (and is reported), or was overtaken.
            _lanes.Failed(write, afterPredecessor: true);
        }
        else if (RedisNames.IsTransient(failure))
        {
            _outage.Failed(failure, write.Operation.Id);
            _lanes.Failed(write);
        }
        else
        {
            _writes.Break(write.Operation, failure, _outage.FailedAttempts);
            _lanes.Forget(write);
        }
    }

    // A share that only checks, for each running operation that is not busy (a busy one's next append checks anyway).
    private void Repair()
    {
        foreach (var operation in _operations.Running())
        {
            if (!operation.Broken && !_lanes.IsBusy(operation))
            {
                Send(new PendingWrite.OperationWrite(operation, _writes.Entries, _time) { Check = true });
            }
        }
    }

    // Until woken (a report, a share settled, a repair asked for), or until the next retry is due. The retry's timer is
    // kept while its due time stands, so a wake-up before it (a share settling) starts no second timer.
    private async Task SleepAsync(CancellationToken token)
    {
        if (_lanes.NextDueAt() is not { } dueAt)
        {
            await _wake.WaitAsync(token).ConfigureAwait(false);
            return;
        }

        // A timer that fired before the due time (timers count whole milliseconds) is started again for what is left,
        // rounded up, rather than reused fired: the writer does not spin until the clock catches up.
        if (_retryTimer is null || _retryDueAt != dueAt || _retryTimer.IsCancellationRequested)
        {
            _retryTimer?.Dispose();
            _retryDueAt = dueAt;
            var now = _time.GetTimestamp();
            var left = dueAt > now ? _time.GetElapsedTime(now, dueAt) : TimeSpan.Zero;
            _retryTimer = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), _time);
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(token, _retryTimer.Token);
        try
        {
            await _wake.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
        }
    }

    private List<OutboxItem>? TakeNext()
    {
        // With nothing at Redis, a short batch goes first, so Redis starts on it (and answers a first write) sooner.
        var size = _lanes.IsEmpty ? Math.Min(_maxBatchSize, FirstBatchSize) : _maxBatchSize;
        var batch = new List<OutboxItem>(size);

        // Not serialized here: a share's entries are made as it is sent, chunk by chunk, so Redis starts on the first
        // chunk while the next is made, and items that wait behind their operation's earlier writes cost no serializing
        // (nor the garbage it makes) until they can go.
        return _outbox.TakeBatch(batch, size) == 0 ? null : batch;
    }
}
