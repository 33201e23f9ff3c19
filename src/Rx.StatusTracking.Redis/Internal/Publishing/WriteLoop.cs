using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The publisher's one writer: takes batches from the outbox in report order and hands them to the
/// <see cref="OperationWriter"/>, repairs Redis when asked while there is nothing to write, and sleeps until woken.
/// </summary>
internal sealed class WriteLoop
{
    private readonly Outbox _outbox;
    private readonly OperationWriter _writes;
    private readonly WriterIdle _idle;
    private readonly WriterHold _hold;
    private readonly Signal _wake;
    private readonly int _maxBatchSize;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _givenUp;

    /// <summary>Starts the writer.</summary>
    /// <param name="outbox">Where the batches come from.</param>
    /// <param name="writes">What writes them.</param>
    /// <param name="idle">Marked idle when the outbox is found empty.</param>
    /// <param name="hold">The gate passed before each batch.</param>
    /// <param name="wake">Set when there is something to do.</param>
    /// <param name="maxBatchSize">The most items per batch.</param>
    /// <param name="time">The clock of the reports a batch makes as it is serialized.</param>
    public WriteLoop(Outbox outbox, OperationWriter writes, WriterIdle idle, WriterHold hold, Signal wake, int maxBatchSize, TimeProvider time)
    {
        _outbox = outbox;
        _writes = writes;
        _idle = idle;
        _hold = hold;
        _wake = wake;
        _maxBatchSize = maxBatchSize;
        _time = time;
        _running = Task.Run(RunAsync);
    }

    /// <summary>Repairs Redis before the next write (it may have restarted empty while nothing was being written).</summary>
    public void RequestRepair()
    {
        _writes.RequestRepair();
        _wake.Set();
    }

    /// <summary>How many taken items the writer gave up when it was stopped while retrying their batch (they are no longer in the outbox).</summary>
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
        while (await _hold.PassAsync(token).ConfigureAwait(false))
        {
            var next = TakeNext();
            if (next is null)
            {
                if (_writes.RepairRequested)
                {
                    await _writes.RepairAsync(token).ConfigureAwait(false);
                    continue;
                }

                _idle.MarkIdleIfEmpty(_outbox, token.IsCancellationRequested);
                try
                {
                    await _wake.WaitAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            Interlocked.Add(ref _givenUp, await _writes.SendAsync(next, token).ConfigureAwait(false));
        }

        _idle.MarkIdleIfEmpty(_outbox, stopping: true);
    }

    private PendingWrite? TakeNext()
    {
        var batch = new List<OutboxItem>(_maxBatchSize);
        return _outbox.TakeBatch(batch, _maxBatchSize) == 0 ? null : PendingWrite.Prepare(batch, _writes.Entries, _time);
    }
}
