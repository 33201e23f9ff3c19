using System.IO.Compression;
using System.Reactive.Concurrency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Endpoints;

/// <summary>The endpoints behind ASP.NET Core's response compression middleware (<c>UseResponseCompression</c>).</summary>
public sealed class ResponseCompressionTests() : HubServerTests(hubOptions: new StatusHubOptions { Scheduler = new HistoricalScheduler(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)) })
{
    [Theory]
    [InlineData("/status", "br")]
    [InlineData("/status", "gzip")]
    [InlineData("/status/turn-2", "br")]
    [InlineData("/status/turn-2", "gzip")]
    public async Task The_list_and_a_snapshot_are_compressed_as_asked_and_inflate_to_the_uncompressed_response(string path, string encoding)
    {
        Operations.ReportChatTurn(Hub.Create("turn-1"));
        var running = Hub.Create("turn-2");
        Operations.ReportChatTurn(running, complete: false);
        running.Completed(7, ChatStatusMessages.ToolCompleted("web_search"), data: Operations.SearchResult);

        using var plain = await GetAsync(Server, path, acceptEncoding: null);
        using var compressed = await GetAsync(Server, path, encoding);
        var plainBody = await plain.Content.ReadAsByteArrayAsync();
        var compressedBody = await compressed.Content.ReadAsByteArrayAsync();

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal([encoding], compressed.Content.Headers.ContentEncoding);
        Assert.Equal(plainBody, await ReadAllAsync(Decompressing(new MemoryStream(compressedBody), encoding)));
        Assert.True(compressedBody.Length < plainBody.Length, $"{compressedBody.Length} compressed bytes for {plainBody.Length}");
        Assert.Empty(plain.Headers.Vary);
        Assert.Equal(["Accept-Encoding"], compressed.Headers.Vary);
        foreach (var response in new[] { plain, compressed })
        {
            // No cache keeps either (and no ETag names the compressed bytes as the plain ones).
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(response.Headers.ETag);
        }
    }

    [Fact]
    public async Task The_event_stream_stays_uncompressed_under_the_default_mime_types()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker);

        using var response = await GetAsync(Server, "/status/turn-1/events", "br, gzip", timeout.Token);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = await reader.ReadToEndAsync(timeout.Token);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        string?[] ids = [.. tracker.History.Select(s => s.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), null];
        Assert.Equal(ids, events.Select(e => e.Id));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task With_event_streams_added_to_the_mime_types_each_event_arrives_compressed_before_the_next_is_produced(string encoding)
    {
        using var timeout = new CancellationTokenSource(Bound);
        await using var server = await StartAsync(Hub, compressEventStreams: true);
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);

        using var response = await GetAsync(server, "/status/turn-1/events", encoding, timeout.Token);
        using var reader = new SseReader(Decompressing(await response.Content.ReadAsStreamAsync(timeout.Token), encoding));
        var received = await reader.ReadEventsAsync(1, timeout.Token);
        for (var step = 2; step <= 6; step++)
        {
            // The next status is recorded only once the last one was read: a buffering middleware would hang here.
            var status = step % 2 == 0 ? tracker.Executing(step, ChatStatusMessages.ExecutingTool("web_search"), data: Operations.SearchResult) : tracker.Completed(step - 1, ChatStatusMessages.ToolCompleted("web_search"));
            using var eventTimeout = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            eventTimeout.CancelAfter(TimeSpan.FromSeconds(5));
            var next = Assert.Single(await reader.ReadEventsAsync(1, eventTimeout.Token));
            Assert.Equal(status.Sequence, next.Status.Sequence);
            received.Add(next);
        }

        tracker.Complete();
        var end = await reader.ReadToEndAsync(timeout.Token);

        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Equal(tracker.History.Select(s => s.Sequence), received.Select(e => e.Status.Sequence));
        Assert.Equal("complete", Assert.Single(end).Event);
    }

    protected override Task<StatusServer> StartServerAsync(StatusEndpointOptions? endpointOptions) => StartAsync(Hub, compressEventStreams: false);

    // The middleware's defaults (Brotli and GZip, the default MIME types), or with text/event-stream added as a user might.
    private static Task<StatusServer> StartAsync(StatusHub hub, bool compressEventStreams) => StatusServer.StartAsync(
        hub,
        configureServices: builder => builder.Services.AddResponseCompression(options =>
        {
            if (compressEventStreams)
            {
                options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "text/event-stream"];
            }
        }),
        configurePipeline: app => app.UseResponseCompression());

    private static async Task<HttpResponseMessage> GetAsync(StatusServer server, string path, string? acceptEncoding, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        return await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static Stream Decompressing(Stream compressed, string encoding) =>
        encoding == "br" ? new BrotliStream(compressed, CompressionMode.Decompress) : new GZipStream(compressed, CompressionMode.Decompress);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var output = new MemoryStream();
        await stream.CopyToAsync(output);
        await stream.DisposeAsync();
        return output.ToArray();
    }
}
