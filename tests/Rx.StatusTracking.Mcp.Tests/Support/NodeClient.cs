using System.Text.Json;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.Mcp.Tests.Support;

/// <summary>
/// Runs Node/client.mjs, the official MCP TypeScript client, against an endpoint, with the tests' one Node runner
/// (<see cref="NodeScript"/>: the locked npm packages installed next to the script in the build output). Shared with the
/// demo's tests.
/// </summary>
internal static class NodeClient
{
    /// <summary>The output folder of the client script and its package files.</summary>
    public const string Folder = NodeScript.DefaultFolder;

    /// <summary>Calls <paramref name="tool"/> at <paramref name="endpoint"/>; returns what the client printed (its progress and the result).</summary>
    public static async Task<JsonDocument> CallToolAsync(Uri endpoint, string tool, string argumentsJson = "{}")
    {
        var (exitCode, output, error) = await NodeScript.RunInAsync(Folder, "client.mjs", endpoint.ToString(), tool, argumentsJson);
        Assert.True(exitCode == 0, $"node client.mjs exited with {exitCode}: {error}");
        return JsonDocument.Parse(output);
    }
}
