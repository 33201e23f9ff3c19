using Rx.StatusTracking.Demo.Tests.Support;
using Rx.StatusTracking.Mcp.Tests.Support;

namespace Rx.StatusTracking.Demo.Tests;

public sealed class McpEndpointTests
{
    [Fact]
    public async Task The_official_TypeScript_client_runs_the_demos_chat_turn_tool_and_gets_rising_progress_then_the_summary()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var demo = await ServedDemo.StartAsync(timeout.Token);
        var address = demo.Address;
        Assert.Contains($"MCP at {address.ToString().TrimEnd('/')}/mcp,", demo.Banner, StringComparison.Ordinal);

        using var printed = await NodeClient.CallToolAsync(new Uri(address, "/mcp"), "chat_turn");

        // Real time: how many notifications the window lets through varies, their shape does not.
        var progress = printed.RootElement.GetProperty("progress").EnumerateArray()
            .Select(p => (Progress: p.GetProperty("progress").GetDouble(), Total: p.GetProperty("total").GetDouble(), Message: p.GetProperty("message").GetString()!))
            .ToArray();
        Assert.Equal((0, 6, ChatStatusMessages.AnalyzingQuery), progress[0]);
        Assert.Equal((6, 6, ChatStatusMessages.ReceivedFinal), progress[^1]);
        Assert.All(progress.Zip(progress.Skip(1)), pair => Assert.True(pair.Second.Progress > pair.First.Progress, $"{pair.First.Progress} then {pair.Second.Progress}"));
        Assert.DoesNotContain(progress, p => p.Message.Contains("failed", StringComparison.Ordinal));

        var text = printed.RootElement.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString();
        Assert.StartsWith("6 steps in ", text, StringComparison.Ordinal);
        Assert.EndsWith(" 0 failed, 0 executing, 0 pending (success rate 100%)", text, StringComparison.Ordinal);

        Assert.Equal(0, (await demo.StopAsync(timeout.Token)).ExitCode);
    }
}
