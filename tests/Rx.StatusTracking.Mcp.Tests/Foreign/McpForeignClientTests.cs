using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Rx.StatusTracking.Mcp.Tests.Support;

namespace Rx.StatusTracking.Mcp.Tests.Foreign;

/// <summary>The official TypeScript client (<c>@modelcontextprotocol/sdk</c>, run by Node) against a Streamable HTTP endpoint.</summary>
public sealed class McpForeignClientTests
{
    [Fact]
    public async Task The_official_TypeScript_client_receives_rising_progress_then_the_result()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddMcpServer().WithHttpTransport().WithTools([McpServerTool.Create(ResearchAsync, new McpServerToolCreateOptions { Name = "research" })]);
        await using var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var printed = await NodeClient.CallToolAsync(new Uri($"{address}/mcp"), "research", """{"question":"What is new?"}""");
        Assert.Equal(
            [
                "0/3 Searching the web",
                "1/3 Searched the web",
                "1.5/3 Reading the pages (50%)",
                "3/3 Answer written",
            ],
            printed.RootElement.GetProperty("progress").EnumerateArray().Select(p =>
                $"{p.GetProperty("progress").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)}/{p.GetProperty("total").GetDouble()} {p.GetProperty("message").GetString()}"));
        var result = printed.RootElement.GetProperty("result");
        Assert.Equal("The answer to 'What is new?'", result.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean());
    }

    // The tool's work on a virtual clock it advances itself, so what the window lets through is exact.
    private static async Task<string> ResearchAsync(RequestContext<CallToolRequestParams> request, string question, CancellationToken cancellationToken)
    {
        var clock = new TestScheduler();
        using var work = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = clock });
        var progress = work.SendMcpProgressAsync(request, new McpProgressOptions { ExpectedSteps = 3, Scheduler = clock }, cancellationToken);
        work.Executing(1, "Searching the web");
        work.Completed(1, "Searched the web");
        clock.AdvanceBy(McpProgressOptions.DefaultWindow.Ticks);
        work.Executing(2, "Reading the pages");
        work.ReportProgress(2, 0.5, "Reading the pages (50%)");
        clock.AdvanceBy(McpProgressOptions.DefaultWindow.Ticks);
        work.Completed(2, "Read the pages");
        work.Executing(3, "Writing the answer");
        work.Completed(3, "Answer written");
        work.Complete();
        await progress;
        return $"The answer to '{question}'";
    }
}
