using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>
/// What every cluster test sets up, as two services would: a producer's hub published by a <see cref="RedisStatusPublisher"/>,
/// and a web server's <see cref="RedisStatusSource"/> mirroring into its own hub, each with its own connection to the
/// cluster, and every report of both recorded.
/// </summary>
public sealed class ClusterRun : IAsyncDisposable
{
    private readonly RedisCluster _cluster;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IDisposable _publishing;
    private IDisposable? _mirroring;

    private ClusterRun(RedisCluster cluster, ConnectionMultiplexer producer, ConnectionMultiplexer reader, RedisSourceOptions? sourceOptions)
    {
        _cluster = cluster;
        ProducerConnection = producer;
        ReaderConnection = reader;
        Publisher = new RedisStatusPublisher(producer, new RedisPublisherOptions { KeyPrefix = Prefix });
        PublisherLog = new ReportLog(Publisher.Errors);
        _publishing = Publisher.PublishHub(ProducerHub);
        var options = sourceOptions ?? new RedisSourceOptions();
        options.KeyPrefix = Prefix;
        Source = new RedisStatusSource(reader, options);
        SourceLog = new ReportLog(Source.Errors);
    }

    public string Prefix { get; } = SharedRedis.NewPrefix();

    public ConnectionMultiplexer ProducerConnection { get; }

    public ConnectionMultiplexer ReaderConnection { get; }

    public StatusHub ProducerHub { get; } = new();

    public StatusHub WebHub { get; } = new();

    public RedisStatusPublisher Publisher { get; }

    public RedisStatusSource Source { get; }

    public ReportLog PublisherLog { get; }

    public ReportLog SourceLog { get; }

    /// <summary>Time since the run started (arrival times of live readers are on this clock).</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Starts a run on a whole cluster (restarting any node an earlier test left killed).</summary>
    public static async Task<ClusterRun> StartAsync(RedisCluster cluster, RedisSourceOptions? sourceOptions = null)
    {
        await cluster.RestoreAsync();
        return new ClusterRun(cluster, await cluster.ConnectAsync(), await cluster.ConnectAsync(), sourceOptions);
    }

    /// <summary>Starts mirroring the cluster into <see cref="WebHub"/>.</summary>
    public void Mirror() => _mirroring = Source.MirrorTo(WebHub);

    /// <summary>The key of an operation's stream.</summary>
    public string StreamKey(string operationId) => $"{Prefix}:{operationId}";

    /// <summary><paramref name="count"/> operation ids (named <c>{name}-n</c>) whose streams the master at <paramref name="port"/> serves, or any other master when <paramref name="onOther"/>.</summary>
    public async Task<string[]> IdsAsync(string name, int count, int port, bool onOther = false)
    {
        var ids = new List<string>();
        for (var n = 0; ids.Count < count; n++)
        {
            var id = $"{name}-{n}";
            if ((await _cluster.MasterOfAsync(StreamKey(id)) == port) != onOther)
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    /// <summary>A live reader of one operation: every status with the time it arrived, and how the reading ended.</summary>
    public LiveReader Follow(string operationId) => new(Source.Observe(operationId), () => _clock.Elapsed);

    /// <summary>What a late reader reads of a completed operation (fails if it does not complete in time).</summary>
    public async Task<ChatStatus[]> ReadLateAsync(string operationId) =>
        [.. await Source.Observe(operationId).ToList().ToTask().WaitAsync(Scripts.Bound)];

    /// <summary>Waits until the web hub holds the operation, completed with the producer's last sequence.</summary>
    public Task MirroredAsync(string operationId, long lastSequence) =>
        RoundTripTests.WaitUntil(() => WebHub.TryGet(operationId, out var t) && t.IsCompleted && t.LastSequence == lastSequence);

    /// <summary>Whether a report of this kind names the operation.</summary>
    public bool Reported(string operationId, RedisStatusErrorKind kind) =>
        PublisherLog.Reports.Concat(SourceLog.Reports).Any(e => e.Kind == kind && e.OperationId == operationId);

    /// <summary>The reports of both logs, one a line, for a failure message.</summary>
    public string Describe() => string.Join('\n', PublisherLog.Reports.Concat(SourceLog.Reports).Select(e => $"{e.Kind} {e.OperationId} {e.Message}"));

    public async ValueTask DisposeAsync()
    {
        _mirroring?.Dispose();
        _publishing.Dispose();
        await Publisher.DisposeAsync();
        Source.Dispose();
        PublisherLog.Dispose();
        SourceLog.Dispose();
        ProducerHub.Dispose();
        WebHub.Dispose();
        await ProducerConnection.DisposeAsync();
        await ReaderConnection.DisposeAsync();
    }
}
