using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rx.StatusTracking.Client.Tests.Docs;

namespace Rx.StatusTracking.AspNetCore.Tests.Docs;

public class ReadmeWebExampleTests
{
    [Fact]
    public void The_READMEs_web_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeWebExample.cs.txt"), ReadmeSnippets.Shown("README.md", "## Status on the web"));
    }

    [Fact]
    public async Task The_web_example_asks_anonymous_visitors_to_sign_in_and_shows_each_user_their_own_operations()
    {
        var (app, hub, startTurn) = ReadmeWebExample.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await using (app)
        {
            // The app's own sign-in, which the README leaves to it.
            app.MapGet("/test-sign-in/{user}", (string user, HttpContext http) => http.SignInAsync(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], CookieAuthenticationDefaults.AuthenticationScheme))));
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
            startTurn("alice").Executing(1, ChatStatusMessages.AnalyzingQuery);
            startTurn("bob").Executing(1, ChatStatusMessages.AnalyzingQuery);
            startTurn("alice-bob").Executing(1, ChatStatusMessages.AnalyzingQuery); // a name that starts with another's
            var aliceId = hub.OperationIds[0];
            var bobId = hub.OperationIds[1];
            var aliceBobId = hub.OperationIds[2];

            using var anonymous = await client.GetAsync(new Uri("/status", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Equal("/Account/Login", anonymous.Headers.Location!.AbsolutePath);

            (await client.GetAsync(new Uri("/test-sign-in/alice", UriKind.Relative))).EnsureSuccessStatusCode();
            using var list = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));
            using var theirs = await client.GetAsync(new Uri($"/status/{bobId}", UriKind.Relative));
            using var lookalike = await client.GetAsync(new Uri($"/status/{aliceBobId}", UriKind.Relative));
            using var mine = await client.GetAsync(new Uri($"/status/{aliceId}", UriKind.Relative));
            using var dashboard = await client.GetAsync(new Uri("/dash/", UriKind.Relative));

            Assert.Equal([aliceId], list.RootElement.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
            Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, lookalike.StatusCode);
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
            await app.StopAsync();
        }
    }
}
