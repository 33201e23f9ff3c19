using System.Text.Json;
using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TestTools;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>A status never changes once recorded: the arguments it carries are a copy, not a view of the model's.</summary>
public class RecordedArgumentsTests
{
    public static TheoryData<string> Filters => ["default", "RecordAllArguments", "RedactContaining", "Redact"];

    private static Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> FilterNamed(string name) => name switch
    {
        "RecordAllArguments" => StatusTrackingChatOptions.RecordAllArguments,
        "RedactContaining" => StatusTrackingChatOptions.RedactContaining("ssn"),
        "Redact" => StatusTrackingChatOptions.Redact("customerId"),
        _ => new StatusTrackingChatOptions().ArgumentFilter,
    };

    // A common way to give a tool a server-side secret: add it to the invocation's arguments, which the
    // function-invocation client builds on the model's own dictionary.
    private static void InjectsApiKey(FunctionInvokingChatClient client) => client.FunctionInvoker = (context, cancellationToken) =>
    {
        context.Arguments["api_key"] = "sk-secret";
        return context.Function.InvokeAsync(context.Arguments, cancellationToken);
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task An_invoker_that_injects_a_credential_never_changes_the_recorded_arguments(string filter)
    {
        var model = new ScriptedChatClient().Then(Call("c1", "web_search", new() { ["query"] = "x" })).Then(new TextContent("Found 3."));
        var pipeline = Build(model, o =>
        {
            o.ArgumentFilter = FilterNamed(filter);
            o.ConfigureFunctionInvocation = InjectsApiKey;
        });
        var onTheWire = new List<string>();
        pipeline.Tracker.Subscribe(s =>
        {
            if (s.Data is ToolCallData)
            {
                onTheWire.Add(StatusJson.Serialize(s));
            }
        });

        await pipeline.Client.GetResponseAsync("search x", new ChatOptions { Tools = [WebSearch] });

        var recorded = pipeline.Seen.Where(s => s.Data is ToolCallData).ToList();
        Assert.Equal(3, recorded.Count);
        Assert.All(recorded, s => Assert.Equal([new("query", "x")], ((ToolCallData)s.Data!).Arguments!));
        Assert.All(onTheWire.Concat(recorded.Select(StatusJson.Serialize)), json => Assert.DoesNotContain("sk-secret", json, StringComparison.Ordinal));
        Assert.All(onTheWire, json => Assert.Contains("\"arguments\":{\"query\":\"x\"}", json, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void Changing_the_models_arguments_after_filtering_changes_nothing_recorded(string filter)
    {
        var nested = new Dictionary<string, object?> { ["city"] = "Oslo" };
        var list = new List<object?> { new Dictionary<string, object?> { ["day"] = "mon" } };
        var node = new System.Text.Json.Nodes.JsonObject { ["unit"] = "C" };
        var arguments = new Dictionary<string, object?> { ["where"] = nested, ["days"] = list, ["format"] = node };

        var recorded = FilterNamed(filter)("weather", arguments)!;
        var before = JsonSerializer.Serialize(recorded);
        arguments["api_key"] = "sk-secret";
        nested["token"] = "t";
        ((Dictionary<string, object?>)list[0]!)["day"] = "tue";
        list.Add("more");
        node["unit"] = "F";

        Assert.Equal("""{"where":{"city":"Oslo"},"days":[{"day":"mon"}],"format":{"unit":"C"}}""", before);
        Assert.Equal(before, JsonSerializer.Serialize(recorded));
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_json_argument_is_still_readable_after_the_models_document_is_disposed(string filter)
    {
        IReadOnlyDictionary<string, object?> recorded;
        using (var document = JsonDocument.Parse("""{"where":{"city":"Oslo"},"days":["mon","tue"]}"""))
        {
            var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
            recorded = FilterNamed(filter)("weather", arguments)!;
        }

        Assert.Equal("""{"where":{"city":"Oslo"},"days":["mon","tue"]}""", JsonSerializer.Serialize(recorded));
    }

    [Fact]
    public void The_recorded_arguments_cannot_be_changed_through_the_status()
    {
        var recorded = StatusTrackingChatOptions.RecordAllArguments("tool", new Dictionary<string, object?> { ["query"] = "x" })!;

        var writable = Assert.IsAssignableFrom<IDictionary<string, object?>>(recorded);
        Assert.True(writable.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => writable["api_key"] = "sk-secret");
    }

    [Fact]
    public async Task Arguments_a_filter_of_the_users_returns_are_recorded_as_a_copy()
    {
        var model = new ScriptedChatClient().Then(Call("c1", "web_search", new() { ["query"] = "x" })).Then(new TextContent("Found 3."));
        var pipeline = Build(model, o =>
        {
            // A view, not a copy: the tracking copies what a filter returns.
            o.ArgumentFilter = (_, arguments) => arguments?.AsReadOnly();
            o.ConfigureFunctionInvocation = InjectsApiKey;
        });

        await pipeline.Client.GetResponseAsync("search x", new ChatOptions { Tools = [WebSearch] });

        Assert.All(
            pipeline.Seen.Where(s => s.Data is ToolCallData),
            s => Assert.Equal([new("query", "x")], ((ToolCallData)s.Data!).Arguments!));
    }
}
