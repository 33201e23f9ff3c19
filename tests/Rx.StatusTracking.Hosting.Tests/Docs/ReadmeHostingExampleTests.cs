using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rx.StatusTracking.Client.Tests.Docs;
using Rx.StatusTracking.Hosting.Tests.Support;

namespace Rx.StatusTracking.Hosting.Tests.Docs;

public class ReadmeHostingExampleTests
{
    private static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)).Replace("\r", "", StringComparison.Ordinal);

    private static string Section => Read("README.md").Split("## Hosting and dependency injection")[1].Split("\n## ")[0];

    [Fact]
    public void The_READMEs_hosting_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeHostingExample.cs.txt"), ReadmeSnippets.Shown("README.md", "## Hosting and dependency injection"));
    }

    [Fact]
    public void The_READMEs_settings_are_the_defaults_they_say_they_are()
    {
        var json = Section.Split("```json\n")[1].Split("```")[0];
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        services.AddStatusTracking(configuration.GetSection("StatusTracking"));
        using var provider = services.BuildServiceProvider();

        var bound = provider.GetRequiredService<IOptions<StatusHubOptions>>().Value;
        var defaults = new StatusHubOptions();
        Assert.Equal(
            (defaults.MaxOperations, defaults.CompletedRetention, defaults.MaxOperationIdLength, defaults.HistoryLimit, defaults.Validation),
            (bound.MaxOperations, bound.CompletedRetention, bound.MaxOperationIdLength, bound.HistoryLimit, bound.Validation));
        Assert.Equal(new StatusHubLoggingOptions().LogErrors, provider.GetRequiredService<IOptions<StatusHubLoggingOptions>>().Value.LogErrors);
        Assert.Equal(6, JsonDocument.Parse(json).RootElement.GetProperty("StatusTracking").EnumerateObject().Count());
    }

    [Fact]
    public async Task The_hosting_example_runs_a_report_to_completion_with_its_options_from_configuration()
    {
        await using var app = ReadmeHostingExample.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--StatusTracking:MaxOperations=5"]);
        using var client = await Hosts.StartAsync(app);
        var hub = app.Services.GetRequiredService<StatusHub>();

        using var accepted = await client.PostAsync(new Uri("/reports", UriKind.Relative), null);
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.True(hub.TryGet(id, out var tracker));
        await tracker.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        using var snapshot = JsonDocument.Parse(await client.GetStringAsync(accepted.Headers.Location));
        var health = await client.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        using var dashboard = await client.GetAsync(new Uri("/dash/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/status/{id}", accepted.Headers.Location!.OriginalString);
        Assert.Equal("The figures are in.", snapshot.RootElement.GetProperty("current").GetProperty("description").GetString());
        Assert.Equal("Healthy", health);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(5, app.Services.GetRequiredService<IOptions<StatusHubOptions>>().Value.MaxOperations);
        await app.StopAsync();
    }
}
