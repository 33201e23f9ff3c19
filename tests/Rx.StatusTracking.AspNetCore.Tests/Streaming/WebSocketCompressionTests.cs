using System.IO.Compression;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

/// <summary><see cref="StatusEndpointOptions.WebSocketCompression"/>: permessage-deflate for clients that offer it.</summary>
public sealed class WebSocketCompressionTests() : HubServerTests(new StatusEndpointOptions { WebSocketCompression = true })
{
    // What the server answers a client that offers deflate with its window size open (as browsers and .NET do):
    // deflate, the client's window as large as it likes, each status compressed alone.
    private const string Negotiated = "permessage-deflate; client_max_window_bits=15; server_no_context_takeover";

    [Fact]
    public async Task A_client_that_offers_deflate_gets_it_and_exactly_the_frames_of_a_client_that_does_not()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker, complete: false);
        using var deflating = await ConnectAsync(Server, offerDeflate: true, timeout.Token);
        using var plain = await ConnectAsync(Server, offerDeflate: false, timeout.Token);

        tracker.Executing(7, ChatStatusMessages.ExecutingTool("fetch"));
        tracker.Completed(7, ChatStatusMessages.ToolCompleted("fetch"), data: Operations.SearchResult);
        tracker.Complete();
        var compressedFrames = await ReadToCloseAsync(deflating, timeout.Token);
        var plainFrames = await ReadToCloseAsync(plain, timeout.Token);

        Assert.Equal(Negotiated, ExtensionsOf(deflating));
        Assert.Null(ExtensionsOf(plain));
        Assert.Equal(Expected(tracker), plainFrames);
        Assert.Equal(plainFrames, compressedFrames);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, deflating.CloseStatus);
    }

    [Fact]
    public async Task On_the_wire_a_status_is_one_compressed_frame_that_inflates_to_its_JSON()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var status = Hub.Create("turn-1").Completed(1, ChatStatusMessages.ToolCompleted("web_search"), data: Operations.SearchResult);
        using var socket = await RawConnection.SendAsync(Server.Address, RawConnection.UpgradeRequest(Server.Address, "/status/turn-1/ws", "permessage-deflate; client_max_window_bits"));

        var head = await RawConnection.ReadHeadAsync(socket, timeout.Token);
        var (first, payload) = await RawConnection.ReadFrameAsync(socket, timeout.Token);

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head, StringComparison.Ordinal);
        Assert.Equal(Negotiated, RawConnection.HeaderOf(head, "Sec-WebSocket-Extensions"));
        Assert.Equal(0b1100_0001, first); // FIN, RSV1 (compressed), text
        var json = StatusJson.Serialize(status);
        Assert.Equal(json, Inflate(payload));
        Assert.True(payload.Length * 10 < Encoding.UTF8.GetByteCount(json), $"{payload.Length} compressed bytes for {Encoding.UTF8.GetByteCount(json)}");
    }

    [Fact]
    public async Task With_the_option_off_a_client_that_offers_deflate_gets_plain_frames()
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var hub = new StatusHub();
        await using var server = await StatusServer.StartAsync(hub);
        var tracker = hub.Create("turn-1");
        Operations.ReportChatTurn(tracker);
        using var socket = await ConnectAsync(server, offerDeflate: true, timeout.Token);

        var frames = await ReadToCloseAsync(socket, timeout.Token);

        Assert.Null(ExtensionsOf(socket));
        Assert.Equal(Expected(tracker), frames);
    }

    [ChromiumFact]
    public async Task A_browsers_WebSocket_negotiates_deflate_and_reads_every_status()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var tracker = Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker, complete: false);
        tracker.Completed(7, ChatStatusMessages.ToolCompleted("fetch"), data: Operations.SearchResult);
        tracker.Complete();
        await page.GotoAsync(Server.Address.ToString());

        var result = await page.EvaluateAsync<string>(
            """
            url => new Promise((resolve, reject) => {
              const socket = new WebSocket(url);
              const frames = [];
              socket.onmessage = e => frames.push(e.data);
              socket.onclose = e => resolve(JSON.stringify({ extensions: socket.extensions, code: e.code, frames }));
              socket.onerror = () => reject(new Error('The socket failed.'));
            })
            """,
            Server.WebSocketUri("/status/turn-1/ws").ToString());
        using var json = JsonDocument.Parse(result);

        Assert.Equal(Negotiated, json.RootElement.GetProperty("extensions").GetString());
        Assert.Equal(1000, json.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(Expected(tracker), json.RootElement.GetProperty("frames").EnumerateArray().Select(f => f.GetString()));
    }

    private static async Task<ClientWebSocket> ConnectAsync(StatusServer server, bool offerDeflate, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (offerDeflate)
        {
            socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        }

        await socket.ConnectAsync(server.WebSocketUri("/status/turn-1/ws"), cancellationToken);
        return socket;
    }

    private static string? ExtensionsOf(ClientWebSocket socket) =>
        socket.HttpResponseHeaders!.TryGetValue("Sec-WebSocket-Extensions", out var values) ? string.Join(", ", values) : null;

    // The frames the endpoint sends for the tracker's history: its statuses as StatusJson writes them, stack traces left out.
    private static List<string> Expected(ChatStatusTracker tracker) =>
        [.. tracker.History.Select(s => StatusJson.Serialize(s with { Error = s.Error is null ? null : s.Error with { StackTrace = null } }))];

    private static async Task<List<string>> ReadToCloseAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var frames = new List<string>();
        while (await WebSocketTests.ReceiveTextAsync(socket, cancellationToken) is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    // RFC 7692: a message is raw deflate with its final empty block's tail (00 00 FF FF) removed.
    private static string Inflate(byte[] payload)
    {
        using var input = new MemoryStream([.. payload, 0x00, 0x00, 0xFF, 0xFF]);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        deflate.CopyTo(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
