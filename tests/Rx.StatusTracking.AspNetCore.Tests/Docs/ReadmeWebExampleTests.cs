namespace Rx.StatusTracking.AspNetCore.Tests.Docs;

public class ReadmeWebExampleTests
{
    [Fact]
    public void The_READMEs_web_example_is_the_compiled_one()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")).Replace("\r", "", StringComparison.Ordinal);
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeWebExample.cs.txt")).Replace("\r", "", StringComparison.Ordinal);
        var compiled = source.Split("// README:begin\n")[1].Split("        // README:end")[0]
            .Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.TrimStart());
        var shown = readme.Split("## Status on the web")[1].Split("```csharp\n")[1].Split("```")[0];

        Assert.Equal(string.Join('\n', compiled), shown);
    }

    [Fact]
    public async Task The_web_example_builds_an_app_with_the_endpoints_and_the_dashboard()
    {
        var (app, hub) = ReadmeWebExample.Build([]);
        await using (app)
        using (hub)
        {
            var routes = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints)
                .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();

            Assert.Contains("/status/{operationId}/events", routes);
            Assert.Contains("/status/{operationId}/ws", routes);
            Assert.Contains("/dashboard.js", routes);
        }
    }
}
