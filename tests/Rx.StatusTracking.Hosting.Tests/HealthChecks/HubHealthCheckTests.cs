using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rx.StatusTracking.Hosting.Tests.Support;

namespace Rx.StatusTracking.Hosting.Tests.HealthChecks;

public class HubHealthCheckTests
{
    /// <summary>A web app with the hub's health check at /healthz (the default answer) and /healthz/detail (each entry as JSON).</summary>
    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(Action<IServiceCollection> register, Action<IHealthChecksBuilder> addChecks)
    {
        var builder = Hosts.Web();
        register(builder.Services);
        addChecks(builder.Services.AddHealthChecks());
        var app = builder.Build();
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/healthz/detail", new HealthCheckOptions
        {
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data })),
        });
        return (app, await Hosts.StartAsync(app));
    }

    private static async Task<(HttpStatusCode Code, string Status)> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(string Status, string Description, string Data)> DetailAsync(HttpClient client, string name = "status-hub")
    {
        using var response = await client.GetAsync(new Uri("/healthz/detail", UriKind.Relative)); // 503 when unhealthy
        using var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entry = detail.RootElement.GetProperty(name);
        return (entry.GetProperty("status").GetString()!, entry.GetProperty("description").GetString()!, entry.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Healthy_below_80_percent_of_MaxOperations_running_Degraded_from_there_Unhealthy_when_full_and_completed_operations_do_not_count()
    {
        var (app, client) = await StartAsync(s => s.AddStatusTracking(o => o.MaxOperations = 10), h => h.AddStatusHub());
        await using (app)
        using (client)
        {
            var hub = app.Services.GetRequiredService<StatusHub>();
            var trackers = Enumerable.Range(1, 7).Select(i => hub.Create($"op-{i}")).ToList();
            var seven = (await HealthAsync(client), await DetailAsync(client));
            trackers.Add(hub.Create("op-8"));
            var eight = (await HealthAsync(client), await DetailAsync(client));
            trackers.Add(hub.Create("op-9"));
            var nine = await HealthAsync(client);
            trackers.Add(hub.Create("op-10"));
            var ten = (await HealthAsync(client), await DetailAsync(client));
            trackers.Take(3).ToList().ForEach(t => t.Complete());
            var sevenOfTenHeld = (await HealthAsync(client), await DetailAsync(client));

            Assert.Equal(((HttpStatusCode.OK, "Healthy"), ("Healthy", "7 of 10 operations are running.", """{"operations":7,"running":7,"maxOperations":10,"degradedAt":8}""")), seven);
            Assert.Equal(((HttpStatusCode.OK, "Degraded"), ("Degraded", "8 of 10 operations are running (degraded from 8).", """{"operations":8,"running":8,"maxOperations":10,"degradedAt":8}""")), eight);
            Assert.Equal((HttpStatusCode.OK, "Degraded"), nine);
            Assert.Equal(
                ((HttpStatusCode.ServiceUnavailable, "Unhealthy"), ("Unhealthy", "The hub is full: 10 of 10 operations are running, and new ones are refused.", """{"operations":10,"running":10,"maxOperations":10,"degradedAt":8}""")),
                ten);
            Assert.Equal(((HttpStatusCode.OK, "Healthy"), ("Healthy", "7 of 10 operations are running.", """{"operations":10,"running":7,"maxOperations":10,"degradedAt":8}""")), sevenOfTenHeld);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_hub_registered_by_hand_is_measured_against_its_own_MaxOperations()
    {
        using var hub = new StatusHub(new StatusHubOptions { MaxOperations = 2 });
        var (app, client) = await StartAsync(s => s.AddSingleton(hub), h => h.AddStatusHub());
        await using (app)
        using (client)
        {
            hub.Create("op-1");
            hub.Create("op-2");

            Assert.Equal(
                ("Unhealthy", "The hub is full: 2 of 2 operations are running, and new ones are refused.", """{"operations":2,"running":2,"maxOperations":2,"degradedAt":2}"""),
                await DetailAsync(client));
            await app.StopAsync();
        }
    }

    [Theory]
    [InlineData(0.07, 100, 7)] // 0.07 * 100 is 7.000000000000001 in binary floating point: still 7
    [InlineData(0.7, 10, 7)]
    [InlineData(0.5, 3, 2)]    // rounded up
    [InlineData(0.01, 10, 1)]
    [InlineData(1.0, 4, 4)]    // never Degraded: at 4 the hub is full
    public async Task The_degraded_threshold_is_the_ratio_of_MaxOperations_rounded_up_exactly(double ratio, int max, int degradedAt)
    {
        var (app, client) = await StartAsync(s => s.AddStatusTracking(o => o.MaxOperations = max), h => h.AddStatusHub(configure: o => o.DegradedRatio = ratio));
        await using (app)
        using (client)
        {
            var hub = app.Services.GetRequiredService<StatusHub>();
            for (var i = 1; i < degradedAt; i++)
            {
                hub.Create($"op-{i}");
            }

            var below = await DetailAsync(client);
            hub.Create("at-the-threshold");
            var at = await DetailAsync(client);

            Assert.Equal("Healthy", below.Status);
            Assert.Equal(degradedAt == max ? "Unhealthy" : "Degraded", at.Status);
            Assert.Contains($"\"degradedAt\":{degradedAt}", at.Data, StringComparison.Ordinal);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_full_hub_reports_the_registrations_failure_status_under_its_name_with_its_tags()
    {
        var (app, client) = await StartAsync(
            s => s.AddStatusTracking(o => o.MaxOperations = 1),
            h => h.AddStatusHub("hub", failureStatus: HealthStatus.Degraded, tags: ["ready"]));
        await using (app)
        using (client)
        {
            app.Services.GetRequiredService<StatusHub>().Create("op");
            var registration = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single();

            Assert.Equal((HttpStatusCode.OK, "Degraded"), await HealthAsync(client));
            Assert.Equal("The hub is full: 1 of 1 operations are running, and new ones are refused.", (await DetailAsync(client, "hub")).Description);
            Assert.Equal(["ready"], registration.Tags);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Without_AddStatusTracking_the_check_is_unhealthy_and_says_what_to_call()
    {
        var (app, client) = await StartAsync(_ => { }, h => h.AddStatusHub());
        await using (app)
        using (client)
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await HealthAsync(client));
            Assert.Equal("No StatusHub is registered: call services.AddStatusTracking() first.", (await DetailAsync(client)).Description);
            await app.StopAsync();
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_degraded_ratio_out_of_range_is_refused_when_the_check_is_added(double ratio)
    {
        var checks = new ServiceCollection().AddHealthChecks();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => checks.AddStatusHub(configure: o => o.DegradedRatio = ratio));

        Assert.Equal("DegradedRatio", error.ParamName);
        Assert.Equal(ratio, error.ActualValue);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var checks = new ServiceCollection().AddHealthChecks();
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((IHealthChecksBuilder)null!).AddStatusHub()).ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => checks.AddStatusHub(" ")).ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => checks.AddStatusHub(null!)).ParamName);
    }

    [Fact]
    public async Task Under_a_memory_budget_the_check_is_Degraded_while_running_histories_are_cut_and_Unhealthy_while_it_refuses()
    {
        const long Budget = StatusHubOptions.MinRetainedBytes;
        var (app, client) = await StartAsync(s => s.AddStatusTracking(o => o.MaxRetainedBytes = Budget), h => h.AddStatusHub());
        await using (app)
        using (client)
        {
            var hub = app.Services.GetRequiredService<StatusHub>();
            var running = hub.Create("r");

            // About 200 KB weighed each: five fit; the sixth cuts r's history to its latest (step 1's sixth report).
            for (var i = 1; i <= 5; i++)
            {
                running.Executing(1, $"report {i}", new string('x', 100_000));
            }

            var healthy = await DetailAsync(client);
            running.Executing(1, "report 6", new string('x', 100_000));
            var degraded = (await HealthAsync(client), await DetailAsync(client), hub.RetainedBytes);

            // Then five more steps of the same size, each its step's latest: nothing left to shed, new operations refused.
            for (var step = 2; step <= 6; step++)
            {
                running.Executing(step, $"step {step}", new string('x', 100_000));
            }

            var unhealthy = (await HealthAsync(client), await DetailAsync(client), hub.RetainedBytes);

            Assert.Equal(("Healthy", "1 of 1000 operations are running."), (healthy.Status, healthy.Description));
            Assert.Contains("\"retentionPressure\":\"None\"", healthy.Data, StringComparison.Ordinal);
            Assert.Equal((HttpStatusCode.OK, "Degraded"), degraded.Item1);
            Assert.Equal(
                ("Degraded", $"The hub cuts running operations' histories to stay within its memory budget ({degraded.RetainedBytes} of {Budget} bytes retained)."),
                (degraded.Item2.Status, degraded.Item2.Description));
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), unhealthy.Item1);
            Assert.Equal(
                ("Unhealthy", $"The hub retains about {unhealthy.RetainedBytes} bytes, over its memory budget of {Budget}, and refuses new operations."),
                (unhealthy.Item2.Status, unhealthy.Item2.Description));
            Assert.Throws<StatusHubFullException>(() => hub.Create("next"));
            await app.StopAsync();
        }
    }
}
