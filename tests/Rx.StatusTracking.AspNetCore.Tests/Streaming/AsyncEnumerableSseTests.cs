using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

/// <summary>The core's <c>ToAsyncEnumerable</c> served by ASP.NET Core's own <c>TypedResults.ServerSentEvents</c>, on Kestrel.</summary>
public class AsyncEnumerableSseTests
{
    [Fact]
    public async Task A_trackers_async_stream_is_served_as_server_sent_events_until_it_completes()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, "Analyzing your question.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/turn/events", () => TypedResults.ServerSentEvents(
            tracker.WithHistory().ToAsyncEnumerable().Select(status =>
                new SseItem<string>(StatusJson.Serialize(status), "status") { EventId = status.Sequence.ToString(CultureInfo.InvariantCulture) })));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        using var response = await client.GetAsync(new Uri("/turn/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var replayed = await reader.ReadEventsAsync(1);
        tracker.Completed(1, "Your question is ready for the model.");
        tracker.Executing(2, "Running the web_search tool.");
        tracker.Complete();
        var live = await reader.ReadToEndAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
        [
            "1 status 1 Executing Analyzing your question.",
            "2 status 1 Completed Your question is ready for the model.",
            "3 status 2 Executing Running the web_search tool.",
        ], replayed.Concat(live).Select(e => $"{e.Id} {e.Event} {e.Status.Step} {e.Status.State} {e.Status.Description}"));
        Assert.Equal(0, tracker.SubscriberCount);
        await app.StopAsync();
    }
}
