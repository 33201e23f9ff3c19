using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;
using Rx.StatusTracking.AI.Tests.Web;
using Rx.StatusTracking.Client.Tests.Docs;

namespace Rx.StatusTracking.AI.Tests.Docs;

/// <summary>The README's per-request selector in a real WebApplication on 127.0.0.1.</summary>
public class ReadmeChatExampleTests
{
    private static readonly string[] OneModelCall = [$"1 Executing {ChatStatusMessages.WaitingOpenAI}", $"1 Completed {ChatStatusMessages.ReceivedFinal}"];

    [Fact]
    public void The_READMEs_per_request_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeChatExample.cs.txt"), ReadmeSnippets.Shown("README.md", "## Chat pipelines report themselves", "with no `ChatStatusScope`:\n"));
    }

    [Fact]
    public async Task Two_concurrent_requests_each_report_to_the_operation_of_their_route_and_complete_it_once_answered()
    {
        using var model = new OverlappingModel(overlapping: 2);
        await using var app = await StartAsync(model);
        var hub = app.Services.GetRequiredService<StatusHub>();

        var answers = await Task.WhenAll(AskAsync(app, "/chat/red?question=red"), AskAsync(app, "/chat/blue?question=blue"));

        Assert.Equal(["answer to red", "answer to blue"], answers);
        Assert.Equal(["blue", "red"], hub.OperationIds.Order());
        foreach (var id in new[] { "red", "blue" })
        {
            Assert.True(hub.TryGet(id, out var tracker));
            await tracker.Completion.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(OneModelCall, Show(tracker.History));
        }
    }

    [Fact]
    public async Task A_request_without_the_route_value_runs_untracked()
    {
        using var model = new OverlappingModel(overlapping: 1);
        await using var app = await StartAsync(model, a => a.MapPost("/ask", async (string question, IChatClient chat) => (await chat.GetResponseAsync(question)).Text));

        Assert.Equal("answer to plain", await AskAsync(app, "/ask?question=plain"));
        Assert.Empty(app.Services.GetRequiredService<StatusHub>().OperationIds);
        Assert.Equal(1, model.Requests);
    }

    [Fact]
    public async Task A_second_request_for_an_id_the_hub_still_holds_fails_and_reaches_no_model()
    {
        using var model = new OverlappingModel(overlapping: 1);
        await using var app = await StartAsync(model);
        var hub = app.Services.GetRequiredService<StatusHub>();
        Assert.Equal("answer to first", await AskAsync(app, "/chat/red?question=first"));
        Assert.True(hub.TryGet("red", out var red));
        await red.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        // StatusHub.Create refuses the id: the selector's exception reaches the endpoint, which answers 500.
        var (status, _) = await LocalWeb.PostAsync(app, "/chat/red?question=second");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(1, model.Requests);
        Assert.Equal(OneModelCall, Show(red.History));
    }

    /// <summary>Starts the README's app on a free loopback port, with any further endpoints.</summary>
    private static async Task<WebApplication> StartAsync(IChatClient model, Action<WebApplication>? configure = null)
    {
        var app = ReadmeChatExample.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], model);
        configure?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    private static async Task<string> AskAsync(WebApplication app, string relative)
    {
        var (status, answer) = await LocalWeb.PostAsync(app, relative);
        Assert.Equal(HttpStatusCode.OK, status);
        return answer;
    }
}
