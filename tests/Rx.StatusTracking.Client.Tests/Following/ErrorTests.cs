using System.Net;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Client.Tests.Support;

namespace Rx.StatusTracking.Client.Tests.Following;

public class ErrorTests
{
    // Three statuses, the second (sequence 2) sent with a newer server's state this client does not know.
    private static async Task<ClientServer> ServeAStateUnknownToTheClientAsync()
    {
        var web = await ClientServer.StartAsync(new EventStreamFaults { Rewrite = ("\"state\":\"Completed\"", "\"state\":\"Paused\"") });
        var tracker = web.Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Executing(2, ChatStatusMessages.WaitingOpenAI);
        tracker.Complete();
        return web;
    }

    [Fact]
    public async Task An_unknown_operation_is_a_typed_error_with_the_servers_reason()
    {
        await using var web = await ClientServer.StartAsync();

        var error = await Assert.ThrowsAsync<StatusStreamException>(() => ClientServer.ReadAllAsync(web.Client().FollowAsync("nope")));

        Assert.Equal((StatusStreamErrorKind.OperationNotFound, HttpStatusCode.NotFound, "nope", 0L), (error.Kind, error.StatusCode, error.OperationId, error.LastSequence));
        Assert.Equal(
            $"Operation 'nope' is not known at {web.Server.Address}status/nope/events (404): it never existed there, or it completed and was evicted. The server said: No such operation (it may have completed and been evicted).",
            error.Message);
        Assert.Single(web.Faults.Requests); // not retried
    }

    [Fact]
    public async Task Without_credentials_the_client_gets_Unauthorized_and_with_them_a_refused_operation_gets_Forbidden()
    {
        await using var web = await ClientServer.StartAsync(
            endpointOptions: new StatusEndpointOptions { AuthorizeOperation = (http, id) => ValueTask.FromResult(id.StartsWith(http.User.Identity!.Name!, StringComparison.Ordinal)) },
            configureServices: builder =>
            {
                builder.Services.AddAuthentication(HeaderAuthenticationHandler.Name)
                    .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.Name, null);
                builder.Services.AddAuthorization();
            },
            configurePipeline: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
            },
            configureEndpoints: endpoints => endpoints.RequireAuthorization());
        Operations.ReportChatTurn(web.Hub.Create("alice-1"));
        Operations.ReportChatTurn(web.Hub.Create("bob-1"));
        using var alice = new HttpClient { BaseAddress = web.Server.Address };
        alice.DefaultRequestHeaders.Add(HeaderAuthenticationHandler.Name, "alice");

        var anonymous = await Assert.ThrowsAsync<StatusStreamException>(() => ClientServer.ReadAllAsync(web.Client().FollowAsync("alice-1")));
        var theirs = await Assert.ThrowsAsync<StatusStreamException>(() => ClientServer.ReadAllAsync(new StatusStreamClient(alice).FollowAsync("bob-1")));
        var mine = await ClientServer.ReadAllAsync(new StatusStreamClient(alice).FollowAsync("alice-1"));

        Assert.Equal((StatusStreamErrorKind.Unauthorized, HttpStatusCode.Unauthorized), (anonymous.Kind, anonymous.StatusCode));
        Assert.Equal(
            $"{web.Server.Address}status/alice-1/events asks for authentication (401): give the HttpClient credentials (for example a DelegatingHandler that adds a bearer token).",
            anonymous.Message);
        Assert.Equal((StatusStreamErrorKind.Forbidden, HttpStatusCode.Forbidden), (theirs.Kind, theirs.StatusCode));
        Assert.Equal("The server refuses this client operation 'bob-1' (403). The server said: You may not see this operation.", theirs.Message);
        Assert.Equal(14, mine.Count);
    }

    [Fact]
    public async Task An_id_the_server_refuses_is_Rejected_with_its_reason()
    {
        await using var web = await ClientServer.StartAsync(hubOptions: new StatusHubOptions { MaxOperationIdLength = 10 });

        var error = await Assert.ThrowsAsync<StatusStreamException>(() => ClientServer.ReadAllAsync(web.Client().FollowAsync("an-id-of-20-letters-")));

        Assert.Equal((StatusStreamErrorKind.Rejected, HttpStatusCode.BadRequest), (error.Kind, error.StatusCode));
        Assert.EndsWith("The server said: An operation id must be at most 10 characters; it was 20.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_is_not_an_event_stream_is_an_UnexpectedResponse()
    {
        await using var web = await ClientServer.StartAsync(configurePipeline: app =>
            app.MapGet("/sign-in/{id}/events", () => Results.Content("<html>Sign in</html>", "text/html")));
        var options = ClientServer.FastReconnects();
        options.Prefix = "/sign-in";

        var error = await Assert.ThrowsAsync<StatusStreamException>(() => ClientServer.ReadAllAsync(web.Client(options).FollowAsync("turn-1")));

        Assert.Equal((StatusStreamErrorKind.UnexpectedResponse, HttpStatusCode.OK), (error.Kind, error.StatusCode));
        Assert.Equal(
            $"{web.Server.Address}sign-in/turn-1/events answered 200 with 'text/html', not text/event-stream: is it the events endpoint of MapStatusEndpoints? (A sign-in page answers this way too.)",
            error.Message);
    }

    [Fact]
    public async Task A_malformed_status_stops_the_follow_by_default_after_the_statuses_before_it()
    {
        await using var web = await ServeAStateUnknownToTheClientAsync();
        var seen = new List<long>();

        var error = await Assert.ThrowsAsync<StatusStreamException>(async () =>
        {
            await foreach (var status in web.Client().FollowAsync("turn-1"))
            {
                seen.Add(status.Sequence);
            }
        });

        Assert.Equal([1L], seen);
        Assert.Equal((StatusStreamErrorKind.MalformedEvent, 1L, null), (error.Kind, error.LastSequence, error.StatusCode));
        Assert.IsType<StatusJsonException>(error.InnerException);
        Assert.StartsWith("A 'message' event (last event id 2) of 'turn-1' could not be read (Not a valid status: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); set SkipMalformedEvents to skip such events.", error.Message, StringComparison.Ordinal);
        Assert.True(await web.Faults.Ended.WaitAsync(ClientServer.Bound), "the connection was closed");
    }

    [Fact]
    public async Task With_SkipMalformedEvents_a_malformed_status_is_reported_and_skipped()
    {
        await using var web = await ServeAStateUnknownToTheClientAsync();
        var notices = new ConcurrentQueue<StatusStreamNotice>();
        var options = ClientServer.FastReconnects();
        options.SkipMalformedEvents = true;
        options.OnNotice = notices.Enqueue;

        var seen = await ClientServer.ReadAllAsync(web.Client(options).FollowAsync("turn-1"));

        Assert.Equal([1L, 3], seen.Select(s => s.Sequence));
        var notice = Assert.Single(notices);
        Assert.Equal((StatusStreamNoticeKind.MalformedEventSkipped, "2", 1L), (notice.Kind, notice.EventId, notice.LastSequence));
        Assert.IsType<StatusJsonException>(notice.Exception);
        Assert.StartsWith("A 'message' event (last event id 2) of 'turn-1' was skipped: Not a valid status: ", notice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_with_punctuation_reach_their_operation()
    {
        await using var web = await ClientServer.StartAsync();
        Operations.ReportChatTurn(web.Hub.Create("user@example.com:turn~1"));

        var seen = await ClientServer.ReadAllAsync(web.Client().FollowAsync("user@example.com:turn~1"));

        Assert.Equal(14, seen.Count);
    }
}
