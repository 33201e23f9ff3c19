using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

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

        var output = await RunNodeAsync("client.mjs", $"{address}/mcp");

        using var printed = JsonDocument.Parse(output);
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

    // Installs the locked npm packages next to the script (once per build output), then runs it and returns its output.
    private static async Task<string> RunNodeAsync(string script, string argument)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Node");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            await RunAsync(folder, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
        }

        return await RunAsync(folder, "node", script, argument);
    }

    private static async Task<string> RunAsync(string folder, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
