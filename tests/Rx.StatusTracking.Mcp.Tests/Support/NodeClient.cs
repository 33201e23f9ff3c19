using System.Diagnostics;
using System.Text.Json;

namespace Rx.StatusTracking.Mcp.Tests.Support;

/// <summary>
/// Runs Node/client.mjs, the official MCP TypeScript client, against an endpoint; the locked npm packages are
/// installed next to the script in the build output (npm ci, once per output). Shared with the demo's tests.
/// </summary>
internal static class NodeClient
{
    /// <summary>Calls <paramref name="tool"/> at <paramref name="endpoint"/>; returns what the client printed (its progress and the result).</summary>
    public static async Task<JsonDocument> CallToolAsync(Uri endpoint, string tool, string argumentsJson = "{}")
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Node");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            await RunAsync(folder, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
        }

        return JsonDocument.Parse(await RunAsync(folder, "node", "client.mjs", endpoint.ToString(), tool, argumentsJson));
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
