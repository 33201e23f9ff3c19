// README:usings
using Rx.StatusTracking;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.Redis;
using StackExchange.Redis;
// README:end

// A web project (Sdk.Web) has this implicitly.
using Microsoft.AspNetCore.Builder;

namespace Rx.StatusTracking.Redis.Tests.Docs;

/// <summary>The README's Redis example, compiled and run; <see cref="ReadmeRedisExampleTests"/> keeps the two equal.</summary>
internal static class ReadmeRedisExample
{
    public static async Task<IAsyncDisposable> RunAsync(string redisEndpoint, StatusHub pipelineHub, StatusHub webHub, WebApplication app, long lastSeen, List<ChatStatus> seen)
    {
        // README:begin
        // In the process that runs the chat pipeline:
        var redis = await ConnectionMultiplexer.ConnectAsync(redisEndpoint);
        var publisher = new RedisStatusPublisher(redis);      // DisposeAsync() it before the process ends: it flushes
        var publishing = publisher.PublishHub(pipelineHub);   // every operation of the hub, as it happens

        // On every web server (another process, another machine):
        var source = new RedisStatusSource(redis);
        var mirroring = source.MirrorTo(webHub);              // the hub fills itself from Redis
        app.MapStatusEndpoints(webHub);                       // unchanged: snapshots, SSE, WebSocket, dashboard

        // Or one operation as an observable, resumable after a sequence:
        var following = source.Observe("turn-42", afterSequence: lastSeen).Subscribe(seen.Add);
        // README:end
        return new Cleanup(redis, publisher, publishing, source, mirroring, following);
    }

    private sealed class Cleanup(ConnectionMultiplexer redis, RedisStatusPublisher publisher, params IDisposable[] disposables) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var disposable in disposables)
            {
                disposable.Dispose();
            }

            await publisher.DisposeAsync();
            await redis.DisposeAsync();
        }
    }
}
