using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class EventSequenceTests
{
    [Fact]
    public async Task A_scripted_turn_streams_its_run_steps_tool_call_and_answer_in_order()
    {
        using var hub = new StatusHub();
        var options = new AgUiEndpointOptions();
        options.Tools.Add(Turns.WebSearch);
        await using var server = await AgUiServer.StartAsync(hub, Turns.SearchThenAnswer(), options);

        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1")), HttpCompletionOption.ResponseHeadersRead);
        var events = await AgUiStream.ReadAsync(response);

        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        File.WriteAllText("/tmp/agui-events.txt", string.Join("\n", events));
        Assert.Equal(string.Join("\n", Expected), string.Join("\n", events));
    }

    private static readonly string[] Expected =
    [
    ];
}
