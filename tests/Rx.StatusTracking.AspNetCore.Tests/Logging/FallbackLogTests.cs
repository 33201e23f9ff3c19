using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Logging;

/// <summary>A status the web sends changed by one of StatusJson's fallbacks is reported through the app's logging.</summary>
public sealed class FallbackLogTests : HubServerTests
{
    private readonly CapturingLoggerProvider _logs = new();

    protected override Task<StatusServer> StartServerAsync(StatusEndpointOptions? endpointOptions) =>
        StatusServer.StartAsync(Hub, endpointOptions, configureServices: builder => builder.Logging.AddProvider(_logs));

    [Fact]
    public async Task Each_status_sent_changed_is_logged_once_as_a_warning_with_the_documented_category_and_event_id()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        var cycle = new List<object>();
        cycle.Add(cycle);
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery, data: new string('o', 2_000_000));
        tracker.Executing(2, ChatStatusMessages.WaitingOpenAI, data: cycle);
        tracker.Executing(3, ChatStatusMessages.WebSearchStart, data: "small");

        // The same statuses, sent many times: two snapshots, an event stream and a WebSocket.
        await Server.Client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative), timeout.Token);
        await Server.Client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative), timeout.Token);
        using (var events = await Server.Client.GetAsync(new Uri("/status/turn-1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token))
        using (var reader = new SseReader(await events.Content.ReadAsStreamAsync(timeout.Token)))
        {
            Assert.Equal(3, (await reader.ReadEventsAsync(3, timeout.Token)).Count);
        }

        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(Server.WebSocketUri("/status/turn-1/ws"), timeout.Token);
            for (var i = 1; i <= 3; i++)
            {
                Assert.Equal(i, (await Streaming.WebSocketTests.ReceiveAsync(socket, timeout.Token))!.Sequence);
            }
        }

        Assert.Equal(
            [
                new LogEntry(StatusEndpointLogEvents.Category, LogLevel.Warning, StatusEndpointLogEvents.StatusFallback, "StatusFallback",
                    "Status 1 (step 1) of operation turn-1 is sent changed by StatusJson's fallbacks: DataOmitted."),
                new LogEntry(StatusEndpointLogEvents.Category, LogLevel.Warning, StatusEndpointLogEvents.StatusFallback, "StatusFallback",
                    "Status 2 (step 2) of operation turn-1 is sent changed by StatusJson's fallbacks: DataUnserializable."),
            ],
            _logs.Entries(StatusEndpointLogEvents.Category));
    }
}
