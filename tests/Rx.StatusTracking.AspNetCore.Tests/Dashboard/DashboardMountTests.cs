using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Dashboard;

/// <summary>The dashboard mounted under a prefix (<c>/dash</c>), reached with or without its trailing slash, and behind <c>UsePathBase</c>.</summary>
public sealed class DashboardMountTests : HubServerTests
{
    protected override Task<StatusServer> StartServerAsync(StatusEndpointOptions? endpointOptions) =>
        StatusServer.StartAsync(Hub, endpointOptions, configurePipeline: app => app.UsePathBase("/tools"), dashboardPrefix: "/dash");

    [Theory]
    [InlineData("/dash", "/dash/")]
    [InlineData("/dash?theme=dark&x=%2F", "/dash/?theme=dark&x=%2F")]
    [InlineData("/tools/dash", "/tools/dash/")]
    [InlineData("/tools/dash?theme=dark", "/tools/dash/?theme=dark")]
    public async Task The_prefix_without_its_trailing_slash_redirects_there_keeping_the_query_and_the_path_base(string requested, string location)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.Address };

        using var response = await client.GetAsync(new Uri(requested, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/dash/", "/status")]
    [InlineData("/tools/dash/", "/tools/status")]
    public async Task The_page_reads_the_status_endpoints_under_the_requests_path_base(string path, string statusUrl)
    {
        var page = await Server.Client.GetStringAsync(new Uri(path, UriKind.Relative));

        Assert.Contains($"data-status-prefix=\"{statusUrl}\"", page, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task A_browser_renders_the_operations_at_the_prefix_without_its_slash_and_behind_a_path_base()
    {
        Hub.Create("turn-1").Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        foreach (var (requested, landed) in new[] { ("dash?theme=dark", "/dash/?theme=dark"), ("tools/dash", "/tools/dash/") })
        {
            var page = await browser.NewPageAsync();
            var problems = Chromium.WatchProblems(page);

            await page.GotoAsync(new Uri(Server.Address, requested).ToString());

            // The script ran (it lists the operation and follows it live) and the stylesheet applied.
            await Assertions.Expect(page.Locator("#operations button .op-title")).ToHaveTextAsync("turn-1 · Running · 0%");
            await Assertions.Expect(page.Locator("tr[data-step='1'] .state")).ToHaveTextAsync("Executing");
            await Assertions.Expect(page.Locator("#no-operations")).ToBeHiddenAsync();
            Assert.Equal("rgb(29, 35, 42)", await page.EvalOnSelectorAsync<string>("header", "header => getComputedStyle(header).backgroundColor"));
            Assert.Equal(landed, new Uri(page.Url).PathAndQuery);
            Assert.Empty(problems);
            await page.CloseAsync();
        }
    }
}
