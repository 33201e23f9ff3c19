using System.Reflection;
using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>Recorded tool arguments reach logs and browsers: by default, values whose names look secret are hidden.</summary>
public class ArgumentRedactionTests
{
    private static readonly AIFunction Fetch = AIFunctionFactory.Create((string query, string apiKey, string authorization) => "ok", "fetch");

    private static async Task<IReadOnlyDictionary<string, object?>?> RecordedArguments(Action<StatusTrackingChatOptions>? configure = null)
    {
        var model = new ScriptedChatClient()
            .Then(Call("c1", "fetch", new() { ["query"] = "x", ["apiKey"] = "k", ["Authorization"] = "Bearer y" }))
            .Then(new TextContent("fetched"));
        var pipeline = Build(model, configure);
        await pipeline.Client.GetResponseAsync("fetch x", new ChatOptions { Tools = [Fetch] });
        var recorded = pipeline.Seen.Where(s => s.Data is ToolCallData).Select(s => ((ToolCallData)s.Data!).Arguments).ToList();
        Assert.Equal(3, recorded.Count);
        Assert.All(recorded, arguments => Assert.Same(recorded[0], arguments));
        return recorded[0];
    }

    [Fact]
    public async Task By_default_arguments_whose_names_look_secret_are_redacted()
    {
        var arguments = await RecordedArguments();

        Assert.Equal(
            [new("query", "x"), new("apiKey", "***"), new("Authorization", "***")],
            arguments!.Select(a => new KeyValuePair<string, string?>(a.Key, a.Value?.ToString())));
    }

    [Fact]
    public async Task A_filter_of_the_users_replaces_the_default_and_redact_compares_names_ignoring_case()
    {
        var all = await RecordedArguments(o => o.ArgumentFilter = StatusTrackingChatOptions.RecordAllArguments);
        var named = await RecordedArguments(o => o.ArgumentFilter = StatusTrackingChatOptions.Redact("QUERY"));
        var none = await RecordedArguments(o => o.ArgumentFilter = StatusTrackingChatOptions.DropArguments);

        Assert.Equal(["x", "k", "Bearer y"], all!.Values);
        Assert.Equal(["***", "k", "Bearer y"], named!.Values);
        Assert.Null(none);
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("db_passwd", true)]
    [InlineData("Api-Key", true)]
    [InlineData("X_API_KEY", true)]
    [InlineData("apikey", true)]
    [InlineData("client.secret", true)]
    [InlineData("refreshToken", true)]
    [InlineData("Cookie", true)]
    [InlineData("aws_access_key_id", true)]
    [InlineData("PRIVATE KEY", true)]
    [InlineData("credentials", true)]
    [InlineData("sessionId", true)]
    [InlineData("connection_string", true)]
    [InlineData("proxy-authorization", true)]
    [InlineData("query", false)]
    [InlineData("keyword", false)]
    [InlineData("city", false)]
    [InlineData("path", false)]
    [InlineData("", false)]
    public void The_default_list_matches_names_containing_a_word_ignoring_case_and_separators(string name, bool redacted)
    {
        var filter = StatusTrackingChatOptions.RedactContaining([.. StatusTrackingChatOptions.DefaultRedactedArguments]);

        var recorded = filter("tool", new Dictionary<string, object?> { [name] = "value" });

        Assert.Equal(redacted ? "***" : "value", recorded![name]);
    }

    [Fact]
    public void The_default_list_can_be_extended_and_redacting_keeps_every_name()
    {
        var filter = StatusTrackingChatOptions.RedactContaining([.. StatusTrackingChatOptions.DefaultRedactedArguments, "ssn"]);
        var arguments = new Dictionary<string, object?> { ["customer_SSN"] = "123", ["token"] = "t", ["name"] = "Ada" };

        var recorded = filter("tool", arguments);

        Assert.Equal([new("customer_SSN", "***"), new("token", "***"), new("name", "Ada")], recorded!);
        Assert.Null(filter("tool", null));
        Assert.Equal("t", arguments["token"]);
        Assert.Throws<ArgumentNullException>(() => StatusTrackingChatOptions.RedactContaining(null!));
        Assert.Throws<ArgumentException>(() => StatusTrackingChatOptions.RedactContaining("token", " - "));
    }

    [Theory]
    [InlineData(nameof(StatusTrackingChatOptions.DefaultRedactedArguments))]
    [InlineData(nameof(StatusTrackingChatOptions.DefaultArgumentFilter))]
    [InlineData(nameof(StatusTrackingChatOptions.DropArguments))]
    [InlineData(nameof(StatusTrackingChatOptions.RecordAllArguments))]
    public void The_built_in_words_and_filters_are_all_static_get_only_properties(string name)
    {
        var property = typeof(StatusTrackingChatOptions).GetProperty(name, BindingFlags.Public | BindingFlags.Static);

        Assert.NotNull(property);
        Assert.Null(property.SetMethod);
        Assert.Null(typeof(StatusTrackingChatOptions).GetField(name, BindingFlags.Public | BindingFlags.Static));
    }
}
