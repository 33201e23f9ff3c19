using System.Net.WebSockets;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// The loop behind every streaming connection: the retained history after the client's resume point, then live
/// statuses through a bounded <see cref="ConnectionBuffer"/>, then the completion. Each write may wait at most
/// the slow-client timeout; a client stuck longer is disconnected. A connection that falls behind is paced
/// (<see cref="Pacing"/>).
/// </summary>
internal sealed class StatusStreamer(StatusEndpointOptions options)
{
    // Flushing every few history statuses keeps the first bytes flowing on a long replay.
    private const int ReplayFlushEvery = 64;

    public async Task<ConnectionReport> RunAsync(string operationId, ChatStatusTracker tracker, long after, IStatusSink sink, CancellationToken clientGone)
    {
        WebMeter.ConnectionOpened(sink.Transport);
        try
        {
            return await StreamAsync(operationId, tracker, after, sink, clientGone);
        }
        finally
        {
            WebMeter.ConnectionClosed(sink.Transport);
        }
    }

    private async Task<ConnectionReport> StreamAsync(string operationId, ChatStatusTracker tracker, long after, IStatusSink sink, CancellationToken clientGone)
    {
        // Subscribe before reading the history: whatever is recorded after this line reaches the buffer, whatever
        // was recorded before is in the history, and sequences remove the overlap. Disposed in reverse order: the
        // subscription ends before the buffer forgets what still waits.
        using var buffer = new ConnectionBuffer(options.MaxBufferedStatuses, sink.Transport, options.Clock);
        using var subscription = tracker.Subscribe(buffer);
        using var stuckTimer = new CancellationTokenSource();
        using var writeCancel = CancellationTokenSource.CreateLinkedTokenSource(clientGone, stuckTimer.Token);
        var last = after;
        var droppedThrough = 0L;
        long written = 0;
        var pacing = new Pacing(options.PacingInterval, options.PacingThreshold);
        var pushedBack = false;

        // The stuck-client timer runs only while a write actually waits: most writes complete at once (an event
        // stream writes into the response pipe), and arming a timer per status would cost more than the write.
        async ValueTask Timed(ValueTask write)
        {
            if (write.IsCompletedSuccessfully)
            {
                return;
            }

            // Any wait counts: a lone one is a hiccup, and pacing needs two late batches in a row. Waiting for the
            // wait to be long would let the client's receive buffer fill with seconds of statuses first (measured:
            // 200 clients at 10,000/s went from a p99 of 69-88 ms to 144-363 ms).
            pushedBack = true;
            stuckTimer.CancelAfter(options.SlowClientTimeout);
            await write;
            stuckTimer.CancelAfter(Timeout.InfiniteTimeSpan);
        }

        ValueTask Flush() => Timed(sink.FlushAsync(writeCancel.Token));

        ValueTask Write(ChatStatus status)
        {
            last = status.Sequence;
            written++;
            return Timed(sink.WriteStatusAsync(status, writeCancel.Token));
        }

        // Statuses after 'last' and before 'resumedAt' are lost to this client: it is told, at the point they are missing.
        ValueTask Gap(long resumedAt)
        {
            var gap = new StreamGap(last, resumedAt);
            last = resumedAt - 1;
            return sink.WriteGapAsync(gap, writeCancel.Token);
        }

        // A jump is a loss when a resuming client crosses statuses the history let go (it resumed before they were dropped),
        // or when the tracker recorded one there (a mirror whose source lost statuses). A jump over statuses conflated for
        // this connection, or by a mirror's source, is none. Checked on jumps only.
        bool Lost(long resumedAt, bool resuming) =>
            resumedAt > last + 1 && ((resuming && last < droppedThrough) || tracker.HasLossBetween(last, resumedAt));

        ConnectionReport Report(ConnectionEnd end) => new(operationId, end, buffer.Peak, buffer.Conflated, buffer.Dropped, written, pacing.TimesPaced);

        // A paced connection lets statuses gather for an interval; how late the pause ends tells how busy the server is.
        async Task PauseAsync()
        {
            var started = options.Clock.GetTimestamp();
            await Task.Delay(pacing.Interval, options.Clock, clientGone);
            if (pacing.AfterPause(options.Clock.GetElapsedTime(started) - pacing.Interval, options.ServerHasBacklog(), options.Clock.GetTimestamp()))
            {
                WebMeter.Paced(-1);
            }
        }

        try
        {
            // The last sequence is read before the history: every status up to it was recorded before the snapshot, so one
            // the history lacks is gone for good (trimmed, or shed to a hub's memory budget), and a client resuming past
            // it is told so, at the point it is missing, rather than stepped over it silently. Any client, fresh or
            // resuming, is told of the losses the tracker recorded.
            var recorded = tracker.LastSequence;
            var history = tracker.History;

            // Read after the snapshot (what it lacks was dropped by then) and once, so a busy tracker trimming during a long
            // replay does not turn the source's jumps into gaps.
            droppedThrough = tracker.HistoryDroppedThrough;
            var resuming = after > 0;
            foreach (var status in history)
            {
                if (status.Sequence > last)
                {
                    if (Lost(status.Sequence, resuming))
                    {
                        await Gap(status.Sequence);
                    }

                    await Write(status);
                    if (written % ReplayFlushEvery == 0)
                    {
                        await Flush();
                    }
                }
            }

            if (Lost(recorded + 1, resuming))
            {
                await Gap(recorded + 1);
            }

            await Flush();
            while (true)
            {
                var batch = buffer.TakeAll(pacing.Paced, out var completed, out var overflowed, out var waited);
                if (overflowed)
                {
                    await Timed(sink.OverflowAsync(writeCancel.Token));
                    return Report(ConnectionEnd.Overflowed);
                }

                var before = written;
                pushedBack = false;
                foreach (var status in batch)
                {
                    if (status.Sequence > last)
                    {
                        if (Lost(status.Sequence, resuming: false))
                        {
                            await Gap(status.Sequence);
                        }

                        await Write(status);
                    }
                }

                if (written > before)
                {
                    await Flush();
                    if (pacing.AfterWrite(waited, pushedBack, options.Clock.GetTimestamp(), options.Clock.TimestampFrequency))
                    {
                        WebMeter.Paced(+1);
                    }

                    if (pacing.Paced && !completed)
                    {
                        await PauseAsync();
                    }

                    continue;
                }

                if (completed)
                {
                    // A loss right before the end (recorded before the tracker completed) is told before the completion.
                    if (Lost(tracker.LastSequence + 1, resuming: false))
                    {
                        await Gap(tracker.LastSequence + 1);
                    }

                    await Timed(sink.CompleteAsync(Completion(operationId, tracker), writeCancel.Token));
                    return Report(ConnectionEnd.Completed);
                }

                if (!await buffer.WaitAsync(options.HeartbeatInterval, clientGone))
                {
                    // Nothing came for a heartbeat interval: the connection has caught up. (Not sooner: under load a
                    // pause can come up empty while the producer is held up too, and the burst would follow.)
                    if (pacing.CaughtUp(options.Clock.GetTimestamp()))
                    {
                        WebMeter.Paced(-1);
                    }

                    await sink.WriteHeartbeatAsync(writeCancel.Token);
                    await Flush();
                }
            }
        }
        catch (Exception) when (stuckTimer.IsCancellationRequested)
        {
            // Whatever the transport threw once the timer fired (cancellation, a reset), the client was stuck.
            return Report(ConnectionEnd.Stuck);
        }
        catch (Exception e) when (clientGone.IsCancellationRequested || e is IOException or WebSocketException or OperationCanceledException)
        {
            return Report(ConnectionEnd.ClientLeft);
        }
        finally
        {
            if (pacing.Paced)
            {
                WebMeter.Paced(-1);
            }
        }
    }

    public static OperationCompletion Completion(string operationId, ChatStatusTracker tracker)
    {
        var summary = tracker.GetSummary();
        return new OperationCompletion(operationId, StateOf(tracker, summary), tracker.LastSequence, summary, tracker.GetProgress());
    }

    public static OperationState StateOf(ChatStatusTracker tracker, ExecutionSummary summary) =>
        !tracker.IsCompleted ? OperationState.Running
        : summary.FailedSteps > 0 ? OperationState.Failed
        : OperationState.Completed;
}
