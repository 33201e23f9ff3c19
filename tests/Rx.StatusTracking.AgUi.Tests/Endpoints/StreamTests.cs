using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class StreamTests
{
    [Fact]
    public async Task A_run_waiting_on_its_model_sends_heartbeat_comments_after_the_heartbeat_interval()
    {
        using var hub = new StatusHub();
        var time = new FakeTimeProvider();
        var gate = new Gate();
        var options = new AgUiEndpointOptions { HeartbeatInterval = TimeSpan.FromSeconds(15), TimeProvider = time };
        await using var server = await AgUiServer.StartAsync(hub, gate.Answer(), options);

        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1")), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var lines = new List<string>();
        var heartbeat = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (line.StartsWith(':'))
                {
                    return line;
                }
            }

            return null;
        });

        // The server waits on the fake clock: move it on until the wait (registered some time after the events) times out.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!heartbeat.IsCompleted && !deadline.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromSeconds(15));
            await Task.WhenAny(heartbeat, Task.Delay(50));
        }

        gate.Open();
        Assert.Equal(": heartbeat", await heartbeat);
        Assert.Equal("retry: 2000", lines[0]);
        Assert.Equal(5, lines.Count(line => line.StartsWith("data: ", StringComparison.Ordinal))); // the events so far, then the comment
    }

    [Theory]
    [InlineData("MaxRequestBodyBytes")]
    [InlineData("MaxEventsPerRun")]
    [InlineData("ResumeWindow")]
    [InlineData("HeartbeatInterval")]
    public void Options_out_of_range_are_refused_when_the_endpoint_is_mapped(string option)
    {
        var options = new AgUiEndpointOptions();
        switch (option)
        {
            case "MaxRequestBodyBytes": options.MaxRequestBodyBytes = 0; break;
            case "MaxEventsPerRun": options.MaxEventsPerRun = 15; break;
            case "ResumeWindow": options.ResumeWindow = TimeSpan.FromSeconds(-1); break;
            default: options.HeartbeatInterval = TimeSpan.Zero; break;
        }

        var app = WebApplication.CreateSlimBuilder().Build();
        using var hub = new StatusHub();

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => app.MapAgUiEndpoint("/agui", hub, new ScriptedChatClient(), options));
        Assert.Equal(option, refused.ParamName);
    }

    [Fact]
    public void A_chat_client_that_already_invokes_functions_is_refused_as_UseStatusTracking_refuses_it()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        using var hub = new StatusHub();
        var invoking = new ScriptedChatClient().AsBuilder().UseFunctionInvocation().Build();

        Assert.Throws<InvalidOperationException>(() => app.MapAgUiEndpoint("/agui", hub, invoking));
    }
}
