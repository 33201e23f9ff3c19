namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// Whether one connection is written as fast as its statuses come, or at most once per interval with each step's
/// newest status and every ending (paced). A connection starts unpaced and is paced once it falls behind: two
/// batches in a row were late, each either because its oldest status waited at least the threshold before the
/// writer took it (the server is short of time) or because the transport did not take its write at once (the client
/// or the network is). One late batch is a hiccup (a collection, a client's pause) that the writer catches up from;
/// past two, writing everything only queues more stale statuses in the socket buffers, where nothing can conflate
/// them any more.
/// </summary>
/// <remarks>
/// A paced connection goes back to writing at once when nothing came for a heartbeat interval, or after enough calm
/// pauses in a row (each ended less than a fifth of the threshold late with no backlog in the thread pool, and no
/// write was pushed back). If it falls behind again within ten seconds, it needs twice as many calm pauses next time
/// (up to <see cref="MostCalmPauses"/>), so a server at the edge of its capacity does not switch back and forth.
/// Not thread-safe: one connection's writer owns it.
/// </remarks>
internal sealed class Pacing(TimeSpan interval, TimeSpan threshold)
{
    public const int FewestCalmPauses = 2;
    public const int MostCalmPauses = 256;

    // How many late batches in a row make a connection behind.
    public const int LateBatchesBehind = 2;

    // Seconds after going back to writing at once within which falling behind again doubles the calm pauses needed.
    private const int SoonAfterResuming = 10;

    private int _late;
    private int _calmNeeded = FewestCalmPauses;
    private int _calm;
    private long _resumedAt = long.MinValue;

    /// <summary>Whether pacing is on at all (a positive interval).</summary>
    public bool Enabled => interval > TimeSpan.Zero;

    /// <summary>How long a paced connection waits between two writes.</summary>
    public TimeSpan Interval => interval;

    /// <summary>Whether the connection is paced now.</summary>
    public bool Paced { get; private set; }

    /// <summary>How many times the connection became paced.</summary>
    public int TimesPaced { get; private set; }

    /// <summary>Whether more work waits in the thread pool than it has processors to run it.</summary>
    public static bool ServerHasBacklog() => ThreadPool.PendingWorkItemCount > Environment.ProcessorCount;

    /// <summary>After a batch was written and flushed.</summary>
    /// <param name="waited">How long the batch's oldest status waited before the writer took it.</param>
    /// <param name="pushedBack">Whether the transport did not take the write at once.</param>
    /// <param name="now">The time of this call (a <see cref="TimeProvider"/> timestamp).</param>
    /// <param name="timestampFrequency">Timestamps per second.</param>
    /// <returns>Whether this write made the connection paced.</returns>
    public bool AfterWrite(TimeSpan waited, bool pushedBack, long now, long timestampFrequency)
    {
        if (!Enabled)
        {
            return false;
        }

        if (Paced)
        {
            if (pushedBack)
            {
                _calm = 0;
            }

            return false;
        }

        _late = waited >= threshold || pushedBack ? _late + 1 : 0;
        if (_late < LateBatchesBehind)
        {
            return false;
        }

        // Behind again within ten seconds of going back: the load that paced it is still there, wait longer before
        // trying again (each try writes a burst that holds up every connection).
        var soon = _resumedAt != long.MinValue && now - _resumedAt < SoonAfterResuming * timestampFrequency;
        _calmNeeded = soon ? Math.Min(MostCalmPauses, _calmNeeded * 2) : FewestCalmPauses;
        _calm = 0;
        _late = 0;
        Paced = true;
        TimesPaced++;
        return true;
    }

    /// <summary>After a paced connection's pause between two writes.</summary>
    /// <param name="lateness">How much later than due the pause ended (a busy server wakes its writers late).</param>
    /// <param name="backlog">Whether work waits in the server's thread pool (<see cref="ServerHasBacklog"/>).</param>
    /// <param name="now">The time of this call (a <see cref="TimeProvider"/> timestamp).</param>
    /// <returns>Whether the connection went back to writing at once.</returns>
    public bool AfterPause(TimeSpan lateness, bool backlog, long now)
    {
        if (!Paced)
        {
            return false;
        }

        // Calm means on time (less than a fifth of the threshold late: well short of falling behind again) on a
        // server whose thread pool has no backlog: a server at its limit still wakes timers nearly on time, and
        // writing every status again would only queue them in the sockets. Where timers are coarse (Windows, about
        // 15 ms), pauses are rarely on time, and a connection goes back once it has been idle a heartbeat interval.
        if (lateness * 5 >= threshold || backlog)
        {
            _calm = 0;
            return false;
        }

        if (++_calm < _calmNeeded)
        {
            return false;
        }

        Paced = false;
        _resumedAt = now;
        return true;
    }

    /// <summary>A paced connection had nothing to write for a heartbeat interval: nothing is behind any more.</summary>
    /// <param name="now">The time of this call (a <see cref="TimeProvider"/> timestamp).</param>
    /// <returns>Whether the connection went back to writing at once.</returns>
    public bool CaughtUp(long now)
    {
        if (!Paced)
        {
            return false;
        }

        Paced = false;
        _resumedAt = now;
        return true;
    }
}
