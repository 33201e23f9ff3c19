using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>The options are validated, and copied, when <c>UseStatusTracking</c> is called; each default is written once.</summary>
public class StatusTrackingChatOptionsTests
{
    [Fact]
    public void A_null_argument_filter_is_refused_by_both_overloads_naming_the_property()
    {
        var builder = new ChatClientBuilder(new ScriptedChatClient());

        var withTracker = Assert.Throws<ArgumentNullException>(() => builder.UseStatusTracking(new ChatStatusTracker(), o => o.ArgumentFilter = null!));
        var withSelector = Assert.Throws<ArgumentNullException>(() => builder.UseStatusTracking((_, _) => null, o => o.ArgumentFilter = null!));

        Assert.Equal(nameof(StatusTrackingChatOptions.ArgumentFilter), withTracker.ParamName);
        Assert.Equal(nameof(StatusTrackingChatOptions.ArgumentFilter), withSelector.ParamName);
    }

    [Fact]
    public async Task Options_changed_after_UseStatusTracking_change_nothing()
    {
        StatusTrackingChatOptions? kept = null;
        var model = new ScriptedChatClient()
            .Then(Call("c1", "fetch", new() { ["query"] = "x", ["apiKey"] = "k" }))
            .Then(new TextContent("fetched"));
        var tracker = new ChatStatusTracker();
        var seen = new List<ChatStatus>();
        tracker.Subscribe(seen.Add);
        var builder = new ChatClientBuilder(model).UseStatusTracking(tracker, o => kept = o);

        kept!.ArgumentFilter = StatusTrackingChatOptions.DropArguments;
        kept.ConfigureFunctionInvocation = f => f.MaximumIterationsPerRequest = 1;
        var client = builder.Build();
        await client.GetResponseAsync("fetch x", new ChatOptions { Tools = [AIFunctionFactory.Create((string query, string apiKey) => "ok", "fetch")] });

        Assert.Equal(
            [new("query", "x"), new("apiKey", "***")],
            ((ToolCallData)seen.First(s => s.Data is ToolCallData).Data!).Arguments!.Select(a => new KeyValuePair<string, string?>(a.Key, a.Value?.ToString())));
        Assert.Equal(new FunctionInvokingChatClient(new ScriptedChatClient()).MaximumIterationsPerRequest, client.GetService<FunctionInvokingChatClient>()!.MaximumIterationsPerRequest);
    }

    [Fact]
    public void The_default_filter_is_written_once_and_redacts_the_default_words()
    {
        var arguments = new Dictionary<string, object?> { ["query"] = "x", ["client_secret"] = "s" };

        Assert.Same(StatusTrackingChatOptions.DefaultArgumentFilter, new StatusTrackingChatOptions().ArgumentFilter);
        Assert.Equal([new("query", "x"), new("client_secret", "***")], StatusTrackingChatOptions.DefaultArgumentFilter("tool", arguments)!);
    }
}
