using System.Buffers;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// The hand-written baseline: one subscription to the operation's tracker; each status encoded once as an SSE event
/// (<c>id:</c> and <c>data:</c>); per client a bounded drop-oldest channel of those buffers, whose writer drains what
/// is available and flushes once per drained batch. The end is a <c>complete</c> event, as the library's.
/// </summary>
internal sealed class PlainSseBroadcaster : IObserver<ChatStatus>, IDisposable
{
    private const int Capacity = 1024;
    private static readonly byte[] CompleteEvent = "event: complete\ndata: {}\n\n"u8.ToArray();
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private Channel<byte[]>[] _clients = [];
    private bool _completed;

    public PlainSseBroadcaster(ChatStatusTracker tracker) => _subscription = tracker.Subscribe(this);

    public void OnNext(ChatStatus status)
    {
        var json = StatusJson.SerializeToUtf8Bytes(status);
        var id = status.Sequence.ToString(CultureInfo.InvariantCulture);
        var sse = new byte[4 + id.Length + 7 + json.Length + 2];
        "id: "u8.CopyTo(sse);
        Encoding.ASCII.GetBytes(id, sse.AsSpan(4));
        "\ndata: "u8.CopyTo(sse.AsSpan(4 + id.Length));
        json.CopyTo(sse.AsSpan(4 + id.Length + 7));
        "\n\n"u8.CopyTo(sse.AsSpan(sse.Length - 2));
        foreach (var client in Volatile.Read(ref _clients))
        {
            client.Writer.TryWrite(sse);
        }
    }

    public void OnCompleted()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var client in _clients)
            {
                End(client);
            }
        }
    }

    public void OnError(Exception error) => OnCompleted();

    /// <summary>Streams to one client until the operation completes or the client leaves.</summary>
    public async Task ServeAsync(HttpContext context)
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            if (_completed)
            {
                End(channel);
            }
            else
            {
                Volatile.Write(ref _clients, [.. _clients, channel]);
            }
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var gone = context.RequestAborted;
        try
        {
            // The headers now, so the client knows it is connected before the first status.
            var output = context.Response.BodyWriter;
            await output.FlushAsync(gone);
            while (await channel.Reader.WaitToReadAsync(gone))
            {
                while (channel.Reader.TryRead(out var sse))
                {
                    output.Write(sse);
                }

                await output.FlushAsync(gone);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate)
            {
                Volatile.Write(ref _clients, [.. _clients.Where(client => client != channel)]);
            }
        }
    }

    public void Dispose() => _subscription.Dispose();

    private static void End(Channel<byte[]> client)
    {
        client.Writer.TryWrite(CompleteEvent);
        client.Writer.TryComplete();
    }
}
