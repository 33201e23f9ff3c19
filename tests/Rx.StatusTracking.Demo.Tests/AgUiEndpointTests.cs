using System.Net.Http.Json;
using System.Text.Json;
using Rx.StatusTracking.AgUi.Tests.Support;
using Rx.StatusTracking.Demo.Tests.Support;
using Rx.StatusTracking.Demo.Web;

namespace Rx.StatusTracking.Demo.Tests;

public sealed class AgUiEndpointTests
{
    [Fact]
    public async Task The_official_AG_UI_client_runs_the_demos_turn_and_holds_its_six_steps_completed_and_the_streamed_answer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var demo = await ServedDemo.StartAsync(timeout.Token);
        var address = demo.Address;
        Assert.Contains($"AG-UI at {address.ToString().TrimEnd('/')}/agui;", demo.Banner, StringComparison.Ordinal);

        var (exitCode, output, error) = await NodeScript.RunInAsync("NodeAgUi", "agui-client.mjs", new Uri(address, "/agui").ToString(), "run-demo", "What should I pack for Oslo?");

        // Exit code 0: runAgent resolved, so the client's verification accepted every event in its order.
        Assert.True(exitCode == 0, $"node exited with {exitCode}:\n{output}\n{error}");
        using var seen = JsonDocument.Parse(output);
        var root = seen.RootElement;
        var types = root.GetProperty("types").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Equal("RUN_STARTED", types[0]);
        Assert.Equal("RUN_FINISHED", types[^1]);
        Assert.Equal(types.Count(t => t == "STEP_STARTED"), types.Count(t => t == "STEP_FINISHED"));
        var outcome = root.GetProperty("outcome");
        Assert.Equal("success", outcome.GetProperty("outcome").GetString());
        Assert.Equal(
            """[{"model":"demo-model","inputTokens":412,"outputTokens":23,"totalTokens":435}]""",
            outcome.GetProperty("usage").GetRawText());

        // Real time: how many intermediate states the client saw varies; where every step ended does not (the API
        // call failed once and was retried, so it too ends Completed).
        Assert.Equal("1:Completed,2:Completed,3:Completed,4:Completed,5:Completed,6:Completed", root.GetProperty("activityStates").EnumerateArray().Last().GetString());
        Assert.Contains(root.GetProperty("activityStates").EnumerateArray(), states => states.GetString()!.Contains("4:Failed", StringComparison.Ordinal));
        var answer = root.GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("assistant", answer.GetProperty("role").GetString());
        Assert.Equal(string.Concat(DemoAgUiTurn.Answer), answer.GetProperty("content").GetString());

        // The run is an operation of the hub too, so the status endpoints and the dashboard show it.
        using var http = new HttpClient { BaseAddress = address };
        using var operation = await http.GetFromJsonAsync<JsonDocument>("/status/run-demo", timeout.Token);
        Assert.Equal("Completed", operation!.RootElement.GetProperty("state").GetString());

        Assert.Equal(0, (await demo.StopAsync(timeout.Token)).ExitCode);
    }
}
