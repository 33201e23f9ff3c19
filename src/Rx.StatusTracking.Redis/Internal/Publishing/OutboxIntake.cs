using Rx.StatusTracking.Internal;
using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The trackers' way into the outbox: adds an item without blocking (on the tracker's delivering thread), reports
/// what a full outbox did about it, marks the writer busy and wakes it.
/// </summary>
/// <param name="outbox">The outbox.</param>
/// <param name="limit">The outbox's limit (<see cref="RedisPublisherOptions.MaxOutbox"/>), named in the reports.</param>
/// <param name="idle">The writer's idle state, busy from each add on.</param>
/// <param name="wake">The writer's wake-up.</param>
/// <param name="errors">Where conflation and drops are reported.</param>
/// <param name="time">The clock of the reports.</param>
internal sealed class OutboxIntake(Outbox outbox, int limit, WriterIdle idle, Signal wake, ErrorReports errors, TimeProvider time)
{
    /// <summary>Adds an item and wakes the writer.</summary>
    public void Add(OutboxItem item) => Add(item, wakeWriter: true);

    /// <summary>Adds an item; with <paramref name="wakeWriter"/> false the caller wakes the writer (<see cref="WakeWriter"/>) once it has added more.</summary>
    public void Add(OutboxItem item, bool wakeWriter)
    {
        var result = outbox.Add(item, out var total);

        // After the add: the writer marks itself idle only under the idle lock with the outbox empty.
        idle.MarkBusy();
        if (result == ConflationResult.Conflated)
        {
            RedisMeter.StatusConflated();
        }
        else if (result == ConflationResult.Dropped)
        {
            RedisMeter.StatusDropped();
        }

        if (result != ConflationResult.Added && OutboxReport.Create(result, total, item.Operation.Id, limit, time.GetUtcNow()) is { } report)
        {
            errors.Report(report);
        }

        if (wakeWriter)
        {
            wake.Set();
        }
    }

    /// <summary>Wakes the writer for what was added without waking it.</summary>
    public void WakeWriter() => wake.Set();
}
