using System.Diagnostics.Metrics;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Client;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>
/// Two servers behind a load balancer, end to end: one runs the operation and publishes it, the other serves it from its
/// mirror on Kestrel (<see cref="StatusEndpointOptions.UnknownOperationWait"/> set). A client that reaches the second
/// server before the operation is even in Redis is served once the mirror finds it, instead of getting a 404.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class LateDiscoveryTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_client_asking_a_mirroring_server_before_the_operation_reached_redis_gets_all_its_statuses()
    {
        await using var hubs = new MirroredHubs(redis.Connection);
        await using var server = await StatusServer.StartAsync(hubs.Web, new StatusEndpointOptions { UnknownOperationWait = Scripts.Bound });

        // The producing server has run the turn, but nothing of it has reached Redis yet when the client asks the other.
        using var held = await HeldWriter.HoldAsync(hubs.Publisher);
        var turn = hubs.Producer.Create("turn");
        turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
        turn.Completed(1, ChatStatusMessages.QueryPrepared);
        turn.Executing(2, ChatStatusMessages.ExecutingTool("web_search"), new { query = "rx" });
        turn.Completed(2, ChatStatusMessages.ToolCompleted("web_search"), new { results = 3 });
        turn.Complete();
        using var timeout = new CancellationTokenSource(Scripts.Bound);
        var followed = new List<ChatStatus>();
        var following = Task.Run(async () =>
        {
            await foreach (var status in new StatusStreamClient(server.Client).FollowAsync("turn", cancellationToken: timeout.Token))
            {
                followed.Add(status);
            }
        });

        // The request waits on the mirroring server (its gauge says so; the gauge is process-wide, and no other test of this
        // project sets UnknownOperationWait); only now does the turn go to Redis.
        using var waitingGauge = new WaitingGauge();
        await RoundTripTests.WaitUntil(() => following.IsCompleted || waitingGauge.Read() == 1);
        Assert.False(hubs.Web.TryGet("turn", out _));
        held.Release();
        await following;
        Assert.Equal(0, waitingGauge.Read());

        Assert.Equal(4, followed.Count);
        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(followed));
    }

    /// <summary>Reads the web endpoints' <c>rx_status.web.requests.waiting</c> gauge.</summary>
    private sealed class WaitingGauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public WaitingGauge()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StatusTelemetry.MeterName && instrument.Name == "rx_status.web.requests.waiting")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Volatile.Write(ref _value, value));
            _listener.Start();
        }

        public long Read()
        {
            _listener.RecordObservableInstruments();
            return Volatile.Read(ref _value);
        }

        public void Dispose() => _listener.Dispose();
    }
}
