using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Rx.StatusTracking.AgUi.Internal;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class StreamTests
{
    [Fact]
    public async Task A_run_waiting_on_its_model_sends_heartbeat_comments_after_the_heartbeat_interval()
    {
        using var hub = new StatusHub();
        var time = new TimerWatchingTimeProvider();
        var interval = TimeSpan.FromSeconds(15);
        var gate = new Gate();
        var options = new AgUiEndpointOptions { HeartbeatInterval = interval, TimeProvider = time };
        await using var server = await AgUiServer.StartAsync(hub, gate.Answer(), options);

        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1")), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var lines = new List<string>();
        while (lines.Count(IsData) < 5 && await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        // Every event before the gate is read: the server waits for the next on the fake clock, whose wait then times out.
        await time.WhenRunningAsync(interval);
        time.Advance(interval);
        string? comment = null;
        while (comment is null && await reader.ReadLineAsync() is { } line)
        {
            comment = line.StartsWith(':') ? line : null;
        }

        gate.Open();
        Assert.Equal(": heartbeat", comment);
        Assert.Equal("retry: 2000", lines[0]);
        Assert.Equal(5, lines.Count(IsData));
    }

    [Fact]
    public async Task A_resume_sends_a_long_backlog_in_flushed_pieces_of_bounded_size()
    {
        using var hub = new StatusHub();
        using var runs = new RunRegistry(hub);
        var log = new RunLog(AgUiEndpointOptions.DefaultMaxEventsPerRun, AgUiEndpointOptions.DefaultMaxBytesPerRun);
        runs.Add(new RunEntry("thread-1", "run-1", log));
        var text = new string('x', 1000);
        for (var i = 0; i < 1000; i++)
        {
            log.Append("TEXT_MESSAGE_CONTENT", w => w.WriteString("delta", text));
        }

        log.AppendTerminal("RUN_FINISHED", _ => { });
        var api = new AgUiApi(hub, (_, _) => throw new InvalidOperationException("No run starts here."), null, new AgUiEndpointOptions(), runs, NullLogger.Instance, CancellationToken.None);
        var sent = new FlushRecordingStream();
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(AgUiStream.Input("run-1")));
        context.Request.Headers["Last-Event-ID"] = "0";
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(sent));

        await api.HandleAsync(context);

        // About 1 MB: flushed at least every 64 KiB of events (plus the event that crossed it and the SSE framing).
        Assert.True(sent.Flushes.Sum() > 1_000_000, $"{sent.Flushes.Sum()} bytes sent");
        Assert.All(sent.Flushes, size => Assert.True(size <= AgUiApi.FlushEveryBytes + 2048, $"{size} bytes in one flush"));
    }

    private static bool IsData(string line) => line.StartsWith("data: ", StringComparison.Ordinal);

    [Theory]
    [InlineData("MaxRequestBodyBytes")]
    [InlineData("MaxEventsPerRun")]
    [InlineData("MaxBytesPerRun")]
    [InlineData("ResumeWindow")]
    [InlineData("HeartbeatInterval")]
    public void Options_out_of_range_are_refused_when_the_endpoint_is_mapped(string option)
    {
        var options = new AgUiEndpointOptions();
        switch (option)
        {
            case "MaxRequestBodyBytes": options.MaxRequestBodyBytes = 0; break;
            case "MaxEventsPerRun": options.MaxEventsPerRun = 15; break;
            case "MaxBytesPerRun": options.MaxBytesPerRun = (64 * 1024) - 1; break;
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
