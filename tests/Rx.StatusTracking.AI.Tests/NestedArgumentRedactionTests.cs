using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>A secret nested in an argument (a header in a "headers" object, say) is hidden like a top-level one.</summary>
public class NestedArgumentRedactionTests
{
    private static readonly Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> Default = new StatusTrackingChatOptions().ArgumentFilter;

    private static string Recorded(object? value, Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?>? filter = null) =>
        JsonSerializer.Serialize((filter ?? Default)("fetch", new Dictionary<string, object?> { ["request"] = value }));

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task A_header_nested_in_the_models_json_arguments_is_redacted_in_every_status()
    {
        // Parsed as Microsoft.Extensions.AI's OpenAI client parses a tool call's arguments: each value a JsonElement.
        var call = FunctionCallContent.CreateFromParsedArguments(
            """{"url":"https://example.com","headers":{"Authorization":"Bearer abc","Accept":"text/html"}}""",
            "c1",
            "fetch",
            json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json));
        var fetch = AIFunctionFactory.Create((string url, JsonElement headers) => "<html/>", "fetch");
        var pipeline = Build(new ScriptedChatClient().Then(call).Then(new TextContent("Fetched.")));

        await pipeline.Client.GetResponseAsync("fetch it", new ChatOptions { Tools = [fetch] });

        var recorded = pipeline.Seen.Where(s => s.Data is ToolCallData).Select(s => JsonSerializer.Serialize(((ToolCallData)s.Data!).Arguments)).ToList();
        Assert.Equal(3, recorded.Count);
        Assert.All(recorded, json => Assert.Equal("""{"url":"https://example.com","headers":{"Authorization":"***","Accept":"text/html"}}""", json));
    }

    [Fact]
    public void Names_nested_in_dictionaries_are_redacted()
    {
        var headers = new Dictionary<string, object?> { ["Authorization"] = "Bearer abc", ["Accept"] = "text/html" };

        Assert.Equal("""{"request":{"headers":{"Authorization":"***","Accept":"text/html"}}}""", Recorded(new Dictionary<string, object?> { ["headers"] = headers }));
        Assert.Equal("""{"request":{"headers":{"Authorization":"***","Accept":"text/html"}}}""", Recorded(new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["headers"] = headers })));
        Assert.Equal("Bearer abc", headers["Authorization"]);
    }

    [Fact]
    public void Names_nested_in_a_read_only_dictionary_are_redacted()
    {
        IReadOnlyDictionary<string, object?> readOnly = new OnlyReadOnlyDictionary(new() { ["api_key"] = "k", ["city"] = "Oslo" });

        Assert.Equal("""{"request":{"api_key":"***","city":"Oslo"}}""", Recorded(readOnly));
    }

    [Fact]
    public void Names_nested_in_json_elements_are_redacted_in_objects_and_arrays()
    {
        var recorded = Recorded(Json("""{"auth":{"user":"ada"},"items":[{"token":"t","n":1},[{"cookie":"c"}],"x",2,true,null],"ok":{"a":1}}"""));

        Assert.Equal("""{"request":{"auth":"***","items":[{"token":"***","n":1},[{"cookie":"***"}],"x",2,true,null],"ok":{"a":1}}}""", recorded);
    }

    [Fact]
    public void A_redacted_json_argument_is_still_a_json_element()
    {
        var recorded = Default("fetch", new Dictionary<string, object?> { ["headers"] = Json("""{"Cookie":"c","Accept":"*/*"}""") })!;

        var headers = Assert.IsType<JsonElement>(recorded["headers"]);
        Assert.Equal("***", headers.GetProperty("Cookie").GetString());
        Assert.Equal("*/*", headers.GetProperty("Accept").GetString());
    }

    [Fact]
    public void Names_nested_in_json_nodes_are_redacted_and_the_nodes_are_copied()
    {
        var node = new JsonObject
        {
            ["headers"] = new JsonObject { ["X-Api-Key"] = "k", ["Accept"] = "*/*" },
            ["steps"] = new JsonArray(new JsonObject { ["password"] = "p", ["n"] = 1 }, "plain"),
        };

        var recorded = Default("fetch", new Dictionary<string, object?> { ["request"] = node })!;

        Assert.Equal("""{"request":{"headers":{"X-Api-Key":"***","Accept":"*/*"},"steps":[{"password":"***","n":1},"plain"]}}""", JsonSerializer.Serialize(recorded));
        Assert.NotSame(node, recorded["request"]);
        Assert.Equal("k", node["headers"]!["X-Api-Key"]!.GetValue<string>());
    }

    [Fact]
    public void Names_nested_in_lists_and_arrays_are_redacted()
    {
        object?[] array = [new Dictionary<string, object?> { ["secret"] = "s" }, new JsonObject { ["jwt"] = "j" }, Json("""{"session":"x"}"""), "plain", 3];
        var list = new List<object?>(array);
        var listOfDictionaries = new List<Dictionary<string, object?>> { new() { ["refreshToken"] = "r", ["id"] = 7 } };

        const string Expected = """{"request":[{"secret":"***"},{"jwt":"***"},{"session":"***"},"plain",3]}""";
        Assert.Equal(Expected, Recorded(array));
        Assert.Equal(Expected, Recorded(list));
        Assert.Equal("""{"request":[{"refreshToken":"***","id":7}]}""", Recorded(listOfDictionaries));
        Assert.Equal("""{"request":["a","b"]}""", Recorded(new[] { "a", "b" }));
        Assert.Equal("""{"request":[1,2]}""", Recorded(new[] { 1, 2 }));
    }

    [Fact]
    public void Redact_hides_nested_arguments_of_the_given_names_too()
    {
        var recorded = Recorded(
            new Dictionary<string, object?> { ["customerId"] = "c", ["items"] = Json("""[{"CUSTOMERID":"c2","sku":"s"}]""") },
            StatusTrackingChatOptions.Redact("customerId"));

        Assert.Equal("""{"request":{"customerId":"***","items":[{"CUSTOMERID":"***","sku":"s"}]}}""", recorded);
    }

    [Fact]
    public void Record_all_arguments_copies_nested_values_without_hiding_any()
    {
        var recorded = Recorded(Json("""{"headers":{"Authorization":"Bearer abc"}}"""), StatusTrackingChatOptions.RecordAllArguments);

        Assert.Equal("""{"request":{"headers":{"Authorization":"Bearer abc"}}}""", recorded);
    }

    [Fact]
    public void Content_nested_deeper_than_the_bound_is_recorded_as_a_marker()
    {
        // The arguments' own values are at level 1: a dictionary, list or JSON object or array at level 32 is copied,
        // one at level 33 is recorded as the marker.
        Assert.Equal(Wrapped(31, "{\"leaf\":1}"), Recorded(NestedDictionary(32)));
        Assert.Equal(Wrapped(32, TooDeep), Recorded(NestedDictionary(33)));
        Assert.Equal(Wrapped(32, TooDeep), Recorded(Json(Wrapped(39, "{\"token\":\"t\"}")[11..^1])));
        Assert.Equal(Wrapped(32, TooDeep), Recorded(NestedNode(35)));
        Assert.Equal(Wrapped(30, "{\"leaf\":[" + TooDeep + "]}"), Recorded(NestedDictionary(31, new List<object?> { new List<object?> { 1 } })));
    }

    private const string TooDeep = "\"(nested too deep)\"";

    // The recorded "request" argument: `levels` objects {"a": …} around `innermost`.
    private static string Wrapped(int levels, string innermost) =>
        "{\"request\":" + string.Concat(Enumerable.Repeat("{\"a\":", levels)) + innermost + new string('}', levels) + "}";

    // `levels` dictionaries, the innermost holding "leaf".
    private static Dictionary<string, object?> NestedDictionary(int levels, object? leaf = null)
    {
        var dictionary = new Dictionary<string, object?> { ["leaf"] = leaf ?? 1 };
        for (var i = 1; i < levels; i++)
        {
            dictionary = new Dictionary<string, object?> { ["a"] = dictionary };
        }

        return dictionary;
    }

    private static JsonObject NestedNode(int levels)
    {
        var node = new JsonObject { ["leaf"] = 1 };
        for (var i = 1; i < levels; i++)
        {
            node = new JsonObject { ["a"] = node };
        }

        return node;
    }

    /// <summary>A dictionary that is only an <see cref="IReadOnlyDictionary{TKey, TValue}"/>.</summary>
    private sealed class OnlyReadOnlyDictionary(Dictionary<string, object?> inner) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => inner[key];

        public IEnumerable<string> Keys => inner.Keys;

        public IEnumerable<object?> Values => inner.Values;

        public int Count => inner.Count;

        public bool ContainsKey(string key) => inner.ContainsKey(key);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => inner.GetEnumerator();

        public bool TryGetValue(string key, out object? value) => inner.TryGetValue(key, out value);

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => inner.GetEnumerator();
    }
}
