using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The publisher's one writer. Each round takes a batch from the outbox in report order and writes every operation's
/// share of it, together with the shares whose retry is due. A share Redis did not take for want of a node waits in
/// <see cref="ParkedWrites"/> for its own retry with backoff, and the operation's later items join it, while every
/// other operation goes on: one shard down stalls only its own operations. Once an outage ends, and when a connection
/// comes back, the repair checks every running operation's stream. Sleeps until woken or until a retry is due.
/// </summary>
internal sealed class WriteLoop
{
    private readonly Outbox _outbox;
    private readonly OperationWriter _writes;
    private readonly WriterIdle _idle;
    private readonly WriterHold _hold;
    private readonly Signal _wake;
    private readonly int _maxBatchSize;
    private readonly int _maxParkedItems;
    private readonly TimeProvider _time;
    private readonly Backoff _backoff;
    private readonly ParkedWrites _parked;
    private readonly WriteOutage _outage;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _givenUp;
    private int _repairFailures;
    private int _waitingRetries;
    private long _repairDueAt;

    /// <summary>Starts the writer.</summary>
    /// <param name="outbox">Where the batches come from.</param>
    /// <param name="writes">What writes them.</param>
    /// <param name="idle">Marked idle when the outbox is found empty and nothing waits for a retry.</param>
    /// <param name="hold">The gate passed before each round.</param>
    /// <param name="wake">Set when there is something to do.</param>
    /// <param name="options">The batch size, the outbox limit (which also bounds the items waiting for a retry) and the retry delays.</param>
    /// <param name="outage">Where outages are tracked and reported.</param>
    public WriteLoop(Outbox outbox, OperationWriter writes, WriterIdle idle, WriterHold hold, Signal wake, RedisPublisherOptions options, WriteOutage outage)
    {
        _outbox = outbox;
        _writes = writes;
        _idle = idle;
        _hold = hold;
        _wake = wake;
        _maxBatchSize = options.MaxBatchSize;
        _maxParkedItems = options.MaxOutbox;
        _time = options.TimeProvider;
        _backoff = new Backoff(options.RetryDelay, options.MaxRetryDelay, _time);
        _parked = new ParkedWrites(_backoff);
        _outage = outage;
        _running = Task.Run(RunAsync);
    }

    /// <summary>Checks every running operation's stream before going on (Redis may have restarted empty). Any thread.</summary>
    public void RequestRepair()
    {
        // A writer waiting for a retry repairs first when the retry is due; one with none waiting is woken. The request
        // and the count are each written with a full fence before the other is read, so one of the two sides sees the other.
        _writes.RequestRepair();
        if (Volatile.Read(ref _waitingRetries) == 0)
        {
            _wake.Set();
        }
    }

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

        // The next batch, taken and its entries made while the round before it was with Redis.
        List<OutboxItem>? taken = null;
        try
        {
            while (await _hold.PassAsync(token).ConfigureAwait(false))
            {
                if (_writes.RepairPending && _time.GetTimestamp() >= _repairDueAt)
                {
                    await RepairAsync().ConfigureAwait(false);
                }

                // The outbox first, so an operation's new items join its share that waits for a retry, due or not.
                var round = new List<(PendingWrite.OperationWrite Write, int Failures)>();
                if ((taken ?? (MayTake() ? TakeNext() : null)) is { } batch)
                {
                    taken = null;
                    round.AddRange(PendingWrite.Prepare(batch, _writes.Entries, _time, _parked).Operations.Select(static o => (o, 0)));
                }

                round.AddRange(_parked.TakeDue());
                if (round.Count > 0)
                {
                    // Every command of the round is issued before this returns; the next batch's entries are made meanwhile
                    // (the parked shares are read before: the round's end updates them, on another thread).
                    var mayTake = MayTake();
                    var writing = WriteAsync(round);
                    taken = mayTake ? TakeNext() : null;
                    taken?.ForEach(item => item.Encode(_writes.Entries));
                    await writing.ConfigureAwait(false);
                    continue;
                }

                if (_parked.Count == 0 && !_writes.RepairPending)
                {
                    _idle.MarkIdleIfEmpty(_outbox, stopping: false);
                }

                await SleepAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        Interlocked.Add(ref _givenUp, _parked.ItemCount + (taken?.Count ?? 0));
        _idle.MarkIdleIfEmpty(_outbox, stopping: true);
    }

    private async Task WriteAsync(List<(PendingWrite.OperationWrite Write, int Failures)> round)
    {
        var failed = await _writes.WriteAsync(round, _outage.FailedAttempts).ConfigureAwait(false);
        foreach (var (write, failure) in failed)
        {
            _outage.Failed(failure, write.Operation.Id);
            _parked.Park(write, round.Find(r => r.Write == write).Failures + 1);
        }

        if (round.Exists(r => r.Failures > 0 && !r.Write.Operation.Broken && !failed.Exists(f => f.Write == r.Write)))
        {
            _outage.Taken();
        }

        Interlocked.Exchange(ref _waitingRetries, _parked.Count);

        // Redis may lose what it acknowledged when a node fails (a replica promoted before it had everything, a restart
        // without persistence): once the outage is over, every running operation is checked, idle ones included.
        if (_parked.Count == 0 && _outage.FailedAttempts > 0)
        {
            _outage.Ended();
            _writes.RequestRepair();
        }
    }

    private async Task RepairAsync()
    {
        if (await _writes.RepairAsync(_outage.FailedAttempts).ConfigureAwait(false) is { } failure)
        {
            _outage.Failed(failure, operationId: null);
            _repairDueAt = _time.GetTimestamp() + (long)(_backoff.Delay(++_repairFailures).TotalSeconds * _time.TimestampFrequency);
            return;
        }

        _repairFailures = 0;
        if (_parked.Count == 0)
        {
            _outage.Taken();
            _outage.Ended();
        }
    }

    // Until woken, or until the next retry (of a share or of the repair) is due.
    private Task SleepAsync(CancellationToken token)
    {
        var until = _parked.UntilNextDue();
        if (_writes.RepairPending)
        {
            var repair = _time.GetElapsedTime(_time.GetTimestamp(), Math.Max(_repairDueAt, _time.GetTimestamp()));
            until = until is { } parked && parked < repair ? parked : repair;
        }

        return until is { } timeout ? _wake.WaitAsync(timeout, _time, token) : _wake.WaitAsync(token);
    }

    // Nothing is taken while the shares waiting for a retry hold as many items as the outbox may: the outbox then
    // conflates, as it does while Redis is down.
    private bool MayTake() => _parked.ItemCount < _maxParkedItems;

    private List<OutboxItem>? TakeNext()
    {
        var batch = new List<OutboxItem>(_maxBatchSize);
        return _outbox.TakeBatch(batch, _maxBatchSize) == 0 ? null : batch;
    }
}
