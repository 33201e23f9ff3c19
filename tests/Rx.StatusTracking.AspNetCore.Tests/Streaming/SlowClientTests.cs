using System.Collections.Concurrent;
using Rx.StatusTracking.AspNetCore.Internal;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary>A client that never reads while 100,000 statuses flow: its connection stays bounded, others do not notice.</summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class SlowClientTests
{
    private const int Statuses = 100_000;
    private const int Steps = 100;
    private const int MaxBuffered = 256;

    // Each status carries a ~1,000-character description (~2 KiB). What the server may hold at the end: the
    // tracker's history (1,000 statuses, ~2 MiB) and, per connection, at most twice MaxBuffered statuses
    // (~1 MiB) before the connection is closed, plus Kestrel's 64 KiB response buffer. Two connections: ~4 MiB;
    // the bound leaves room for the runtime's own noise. Holding the 100,000 statuses for the stuck client
    // instead would take about 200 MiB.
    private const long HeapGrowthBound = 12 * 1024 * 1024;

    [Fact]
    public async Task A_client_that_never_reads_keeps_memory_bounded_and_the_other_clients_unaffected()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reports = new ConcurrentQueue<ConnectionReport>();
        using var hub = new StatusHub();
        var options = new StatusEndpointOptions { MaxBufferedStatuses = MaxBuffered, SlowClientTimeout = TimeSpan.FromSeconds(3) };
        options.ConnectionEnded = reports.Enqueue;
        await using var server = await StatusServer.StartAsync(hub, options);
        var tracker = hub.Create("flood");
        tracker.Executing(0, ChatStatusMessages.AnalyzingQuery);

        using var stuck = await RawConnection.SendAsync(server.Address, RawConnection.EventStreamRequest(server.Address, "/status/flood/events"));
        using var readerResponse = await server.Client.GetAsync(new Uri("/status/flood/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new SseReader(await readerResponse.Content.ReadAsStreamAsync(timeout.Token));
        var reading = FollowAsync(reader, timeout.Token);
        while (tracker.SubscriberCount < 2)
        {
            await Task.Delay(10, timeout.Token);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var padding = new string('x', 1_000);
        for (var i = 0; i < Statuses - Steps - 1; i++)
        {
            tracker.Executing(1 + (i % Steps), $"Working on item {i}: {padding}", data: i);
            if (i % 500 == 0)
            {
                // Paced like a real producer, so the writers keep writing (and the stuck one fills its socket).
                await Task.Delay(1, timeout.Token);
            }
        }

        for (var step = 1; step <= Steps; step++)
        {
            tracker.Completed(step, $"Step {step} done.");
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        tracker.Complete();
        var followed = await reading;

        Assert.True(after - before < HeapGrowthBound, $"The heap grew by {(after - before) / 1024} KiB while the stuck client held its connection.");

        // The reading client got every step's ending, in sequence order, and the operation's last status.
        Assert.True(followed.Ordered);
        Assert.True(followed.Completed);
        Assert.Equal(tracker.Current, followed.Last);
        Assert.Equal(Enumerable.Range(1, Steps), followed.CompletedSteps.Order());

        // The stuck client was cut off after the timeout, having never held more than its bound.
        while (reports.Count < 2)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.True(reports.Count(r => r.End != ConnectionEnd.Completed) == 1, string.Join("; ", reports));
        var stuckReport = reports.Single(r => r.End != ConnectionEnd.Completed);
        Assert.True(stuckReport.End is ConnectionEnd.Stuck or ConnectionEnd.Overflowed, stuckReport.ToString());
        Assert.True(stuckReport.BufferPeak <= 2 * MaxBuffered, $"peak {stuckReport.BufferPeak}");
        Assert.True(stuckReport.Conflated > 0);
        Assert.Equal(0, tracker.SubscriberCount);
    }

    /// <summary>Follows the stream keeping only what the assertions need (the test process must not hold the flood either).</summary>
    private static async Task<(bool Ordered, bool Completed, ChatStatus? Last, List<int> CompletedSteps)> FollowAsync(SseReader reader, CancellationToken cancellationToken)
    {
        var ordered = true;
        var completed = false;
        ChatStatus? last = null;
        var completedSteps = new List<int>();
        while (await reader.ReadAsync(cancellationToken) is { } next)
        {
            if (next.Event == "complete")
            {
                completed = true;
            }
            else if (next.Event == "message")
            {
                var status = next.Status;
                ordered &= last is null || last.Sequence < status.Sequence;
                if (status.State == StatusState.Completed)
                {
                    completedSteps.Add(status.Step);
                }

                last = status;
            }
        }

        return (ordered, completed, last, completedSteps);
    }
}
