using System.Net;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Endpoints;

/// <summary>
/// The endpoints under real ASP.NET Core authentication and authorization: a header names the user, the group
/// requires an authenticated user (401 otherwise), and the per-operation check lets a user see only operations
/// whose id starts with their name (403 otherwise).
/// </summary>
public sealed class AccessTests : IAsyncLifetime
{
    private readonly StatusHub _hub = new();
    private StatusServer _server = null!;

    public async Task InitializeAsync()
    {
        var options = new StatusEndpointOptions
        {
            AuthorizeOperation = (context, operationId) => ValueTask.FromResult(operationId.StartsWith(context.User.Identity!.Name + "-", StringComparison.Ordinal)),
        };
        _server = await StatusServer.StartAsync(
            _hub,
            options,
            configureServices: builder =>
            {
                builder.Services.AddAuthentication(HeaderAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
                builder.Services.AddAuthorization();
            },
            configurePipeline: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
            },
            configureEndpoints: endpoints => endpoints.RequireAuthorization());
        _hub.Create("alice-1").Executing(1, ChatStatusMessages.AnalyzingQuery);
        _hub.Create("bob-1").Executing(1, ChatStatusMessages.AnalyzingQuery);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _hub.Dispose();
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add(HeaderAuthentication.Header, user);
        }

        return _server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/status/alice-1")]
    [InlineData("/status/alice-1/events")]
    public async Task Without_a_user_every_endpoint_is_401(string path)
    {
        using var response = await GetAsync(path, user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/status/bob-1")]
    [InlineData("/status/bob-1/events")]
    [InlineData("/status/nobody-1")]
    public async Task Another_users_operation_is_403_even_when_it_does_not_exist(string path)
    {
        using var response = await GetAsync(path, "alice");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Own_operations_are_served_and_the_list_holds_only_them()
    {
        using var snapshot = await GetAsync("/status/alice-1", "alice");
        using var list = await GetAsync("/status", "alice");
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal(["alice-1"], json.RootElement.GetProperty("operations").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_WebSocket_applies_the_same_rule()
    {
        using var mine = new ClientWebSocket();
        mine.Options.SetRequestHeader(HeaderAuthentication.Header, "alice");
        await mine.ConnectAsync(_server.WebSocketUri("/status/alice-1/ws"), CancellationToken.None);
        Assert.Equal(1, (await Streaming.WebSocketTests.ReceiveAsync(mine, CancellationToken.None))!.Sequence);

        using var theirs = new ClientWebSocket();
        theirs.Options.SetRequestHeader(HeaderAuthentication.Header, "alice");
        theirs.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => theirs.ConnectAsync(_server.WebSocketUri("/status/bob-1/ws"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, theirs.HttpStatusCode);
    }

    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestHeader";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var user) || string.IsNullOrEmpty(user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
