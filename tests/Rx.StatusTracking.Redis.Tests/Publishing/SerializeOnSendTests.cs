using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>
/// What the writer sends while an operation's first write is unanswered (Redis's writes are paused here with
/// <c>CLIENT PAUSE … WRITE</c>): the shares behind it go at once, up to <see cref="OperationLanes.MaxInFlight"/> in all, and
/// the rest wait unserialized; none is serialized twice; and when the first write finds another run's stream, the shares
/// sent behind it write nothing there either. Each test owns a redis-server, as a pause holds every client.
/// </summary>
public sealed class SerializeOnSendTests : OwnedRedis
{
    private const int Statuses = 1_000;
    private const int BatchSize = 50;

    // Batches of BatchSize (under the writer's first batch size of 64), the first one with the start.
    private const int FirstWriteStatuses = BatchSize - 1;

    [RedisFact]
    public async Task Shares_go_behind_an_unanswered_first_write_the_rest_are_serialized_only_when_they_go_and_only_once()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",allowAdmin=true");
        await using var connection = await ConnectPatientlyAsync();
        await using var publisher = new RedisStatusPublisher(connection, new RedisPublisherOptions { MaxBatchSize = BatchSize });
        var serialized = new Counter();
        using var tracker = Recorded(serialized);

        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "10000", "WRITE");
        try
        {
            // Everything in the outbox before the writer takes its first batch, so the batches are full.
            using (var held = await HeldWriter.HoldAsync(publisher))
            {
                publisher.Publish("turn", tracker);
            }

            // Everything taken by the writer (the start item too), the first write still with a paused Redis.
            await RoundTripTests.WaitUntil(() => publisher.OutboxCount == 0 && publisher.WritingCount == Statuses + 1);
            Assert.Equal(FirstWriteStatuses + ((OperationLanes.MaxInFlight - 1) * BatchSize), serialized.Value);
        }
        finally
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "UNPAUSE");
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var ids = (await admin.GetDatabase().StreamRangeAsync("rxstatus:turn")).Select(e => (string?)e.Id);
        Assert.Equal(Enumerable.Range(1, Statuses).Select(s => $"{s}-0"), ids);
        Assert.Equal(Statuses, serialized.Value);
    }

    [RedisFact]
    public async Task Shares_sent_behind_a_first_write_that_finds_another_runs_stream_write_nothing_there()
    {
        // Another run under the same id, whose top is past the first write's last entry: only the stream's head tells.
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",allowAdmin=true");
        var database = admin.GetDatabase();
        const int Earlier = FirstWriteStatuses + 1;
        for (var sequence = 1; sequence <= Earlier; sequence++)
        {
            await database.StreamAddAsync("rxstatus:turn", "status", $"earlier {sequence}", $"{sequence}-0");
        }

        await using var connection = await ConnectPatientlyAsync();
        await using var publisher = new RedisStatusPublisher(connection, new RedisPublisherOptions { MaxBatchSize = BatchSize });
        using var log = new ReportLog(publisher.Errors);
        var serialized = new Counter();
        using var tracker = Recorded(serialized);

        await database.ExecuteAsync("CLIENT", "PAUSE", "10000", "WRITE");
        try
        {
            using var publishing = publisher.Publish("turn", tracker);

            // A share past the other run's top is with Redis behind the first write, which has not been answered.
            await RoundTripTests.WaitUntil(() => serialized.Value > Earlier);
        }
        finally
        {
            await database.ExecuteAsync("CLIENT", "UNPAUSE");
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var entries = await database.StreamRangeAsync("rxstatus:turn");
        Assert.Equal(Enumerable.Range(1, Earlier).Select(s => $"earlier {s}"), entries.Select(e => (string?)e.Values[0].Value));
        await publisher.DisposeAsync();
        Assert.Equal([RedisStatusErrorKind.WriteRefused], (await log.CompletedAsync()).Select(r => r.Kind));
    }

    // A paused write is not to time out (and be sent again) while the test looks.
    private async Task<ConnectionMultiplexer> ConnectPatientlyAsync()
    {
        var patient = RedisServer.ServiceOptions(Server.Endpoint);
        patient.AsyncTimeout = 30_000;
        return await ConnectionMultiplexer.ConnectAsync(patient);
    }

    private static ChatStatusTracker Recorded(Counter serialized)
    {
        var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = Statuses });
        for (var step = 1; step <= Statuses; step++)
        {
            tracker.Executing(step, "Searching.", new CountedData(serialized));
        }

        return tracker;
    }

    private sealed class Counter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public int Increment() => Interlocked.Increment(ref _value);
    }

    /// <summary>Data that counts how often it is written (the serializer reads its property once per write).</summary>
    private sealed class CountedData(Counter counter)
    {
        public int Written => counter.Increment();
    }
}
