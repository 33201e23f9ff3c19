using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>A function-invoking client below the tracking would run every tool call where the tracking cannot see it.</summary>
public class PipelineOrderTests
{
    private static readonly string Expected =
        "UseStatusTracking found a FunctionInvokingChatClient below it in the pipeline, which would run every tool call " +
        "before the tracking sees it, so no tool call would be reported. UseStatusTracking adds its own " +
        "FunctionInvokingChatClient: remove UseFunctionInvocation() (or the second UseStatusTracking) from this pipeline " +
        "and configure function invocation with StatusTrackingChatOptions.ConfigureFunctionInvocation.";

    [Fact]
    public void Function_invocation_added_after_the_tracking_fails_the_build_with_what_to_do()
    {
        var tracker = new ChatStatusTracker();
        var builder = new ChatClientBuilder(new ScriptedChatClient()).UseStatusTracking(tracker).UseFunctionInvocation();

        var thrown = Assert.Throws<InvalidOperationException>(() => builder.Build());

        Assert.Equal(Expected, thrown.Message);
    }

    [Fact]
    public void A_model_client_that_already_invokes_functions_fails_the_build_too()
    {
        var invoking = new FunctionInvokingChatClient(new ScriptedChatClient());

        var thrown = Assert.Throws<InvalidOperationException>(() => new ChatClientBuilder(invoking).UseStatusTracking((_, _) => null).Build());

        Assert.Equal(Expected, thrown.Message);
    }

    [Fact]
    public async Task The_documented_order_builds_and_reports_tool_calls()
    {
        var lookup = AIFunctionFactory.Create((string query) => $"found {query}", "lookup");
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["query"] = "x" }))
            .Then(new TextContent("done"));
        var tracker = new ChatStatusTracker();
        var seen = new List<ChatStatus>();
        tracker.Subscribe(seen.Add);

        var client = new ChatClientBuilder(model).UseStatusTracking(tracker, o => o.ConfigureFunctionInvocation = f => f.MaximumIterationsPerRequest = 5).Build();
        await client.GetResponseAsync("find x", new ChatOptions { Tools = [lookup] });

        Assert.Equal(5, client.GetService<FunctionInvokingChatClient>()!.MaximumIterationsPerRequest);
        Assert.Equal([StatusState.Pending, StatusState.Executing, StatusState.Completed], seen.Where(s => s.Data is ToolCallData).Select(s => s.State));
    }
}
