using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>
/// When the publisher serializes a status: as its share is sent, once. Statuses the writer has taken but that wait behind
/// their operation's first write (which Redis has not answered: its writes are paused here with <c>CLIENT PAUSE … WRITE</c>)
/// are not serialized yet, and none is serialized twice. Each test owns a redis-server, as a pause holds every client.
/// </summary>
public sealed class SerializeOnSendTests : OwnedRedis
{
    private const int Statuses = 1_000;

    [RedisFact]
    public async Task Statuses_waiting_behind_an_unanswered_first_write_are_serialized_only_when_they_go_and_only_once()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",allowAdmin=true");
        // A paused write is not to time out (and be sent again, serializing what waits) while the test looks.
        var patient = RedisServer.ServiceOptions(Server.Endpoint);
        patient.AsyncTimeout = 30_000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(patient);
        await using var publisher = new RedisStatusPublisher(connection);
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = Statuses });
        var serialized = new Counter();
        for (var step = 1; step <= Statuses; step++)
        {
            tracker.Executing(step, "Searching.", new CountedData(serialized));
        }

        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "10000", "WRITE");
        try
        {
            using var publishing = publisher.Publish("turn", tracker);

            // Everything taken by the writer (the start item too), the first write still with a paused Redis.
            await RoundTripTests.WaitUntil(() => publisher.OutboxCount == 0 && publisher.WritingCount == Statuses + 1);
            Assert.InRange(serialized.Value, 0, 64);
        }
        finally
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "UNPAUSE");
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(Statuses, await admin.GetDatabase().StreamLengthAsync("rxstatus:turn"));
        Assert.Equal(Statuses, serialized.Value);
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
