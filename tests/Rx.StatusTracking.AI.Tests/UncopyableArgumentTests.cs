using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>
/// A value the copy cannot read is recorded as "(could not be copied: &lt;exception type&gt;)" and the other arguments
/// are kept; arrays of other shapes are copied rather than refused.
/// </summary>
public class UncopyableArgumentTests
{
    private const string Category = "Rx.StatusTracking.AI";

    private static readonly Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> Default = new StatusTrackingChatOptions().ArgumentFilter;

    private static string Recorded(object? value) =>
        JsonSerializer.Serialize(Default("t", new Dictionary<string, object?> { ["request"] = value, ["city"] = "Oslo" }));

    [Fact]
    public void A_multi_dimensional_array_is_recorded_as_nested_arrays_row_by_row()
    {
        Assert.Equal("""{"request":[[1,2],[3,4]],"city":"Oslo"}""", Recorded(new object[,] { { 1, 2 }, { 3, 4 } }));
        Assert.Equal("""{"request":[[1,2,3],[4,5,6]],"city":"Oslo"}""", Recorded(new int[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
        Assert.Equal(
            """{"request":[[[{"token":"***"}]]],"city":"Oslo"}""",
            Recorded(new Dictionary<string, object?>[,,] { { { new() { ["token"] = "t" } } } }));
    }

    [Fact]
    public void An_array_with_other_lower_bounds_is_recorded_from_its_first_value()
    {
        var array = Array.CreateInstance(typeof(object), [2], [5]);
        array.SetValue("x", 5);
        array.SetValue(new Dictionary<string, object?> { ["password"] = "p" }, 6);
        var numbers = Array.CreateInstance(typeof(int), [2], [1]);
        numbers.SetValue(7, 1);
        numbers.SetValue(8, 2);

        Assert.Equal("""{"request":["x",{"password":"***"}],"city":"Oslo"}""", Recorded(array));
        Assert.Equal("""{"request":[7,8],"city":"Oslo"}""", Recorded(numbers));
    }

    [Fact]
    public void An_undefined_json_element_is_recorded_as_a_marker_and_the_rest_kept()
    {
        const string Marker = "(could not be copied: InvalidOperationException)";

        Assert.Equal("""{"request":"(could not be copied: InvalidOperationException)","city":"Oslo"}""", Recorded(default(JsonElement)));
        Assert.Equal("""{"request":"(could not be copied: InvalidOperationException)","city":"Oslo"}""", Recorded(JsonValue.Create<JsonElement>(default)));
        Assert.Equal(
            """{"request":{"ok":1,"bad":"(could not be copied: InvalidOperationException)","list":[2,"(could not be copied: InvalidOperationException)"]},"city":"Oslo"}""",
            Recorded(new JsonObject { ["ok"] = 1, ["bad"] = JsonValue.Create<JsonElement>(default), ["list"] = new JsonArray(2, JsonValue.Create<JsonElement>(default)) }));
        Assert.Equal($$"""{"request":[1,"{{Marker}}",{"n":"{{Marker}}"}],"city":"Oslo"}""", Recorded(new List<object?> { 1, default(JsonElement), new Dictionary<string, object?> { ["n"] = default(JsonElement) } }));
    }

    [Fact]
    public void A_list_whose_reading_throws_is_recorded_as_a_marker_and_the_rest_kept()
    {
        var recorded = Recorded(new Dictionary<string, object?> { ["broken"] = new BrokenList { 1 }, ["fine"] = new List<object?> { 2 } });

        Assert.Equal("""{"request":{"broken":"(could not be copied: InvalidOperationException)","fine":[2]},"city":"Oslo"}""", recorded);
    }

    [Fact]
    public async Task A_value_that_cannot_be_copied_loses_no_other_argument_and_logs_nothing()
    {
        var (seen, logs) = await RunLogin(new Dictionary<string, object?> { ["grid"] = new object[,] { { 1 } }, ["when"] = default(JsonElement), ["user"] = "ada" });

        Assert.All(seen, json => Assert.Equal("""{"grid":[[1]],"when":"(could not be copied: InvalidOperationException)","user":"ada"}""", json));
        Assert.DoesNotContain(logs.Entries, e => e.Category == Category);
    }

    [Fact]
    public async Task Arguments_a_filter_returns_that_cannot_be_read_are_logged_as_such_not_as_a_filter_failure()
    {
        var (seen, logs) = await RunLogin(new Dictionary<string, object?> { ["user"] = "ada" }, (_, _) => new UnreadableDictionary());

        Assert.All(seen, json => Assert.Equal("null", json));
        var warning = Assert.Single(logs.Entries, e => e.Category == Category);
        Assert.Equal(
            (LogLevel.Warning, 3, "The arguments of a call of the login tool could not be read (InvalidOperationException); none were recorded."),
            (warning.Level, warning.EventId.Id, warning.Message));
        Assert.Equal("unreadable", Assert.IsType<InvalidOperationException>(warning.Exception).Message);
    }

    // A call of a "login" tool with these arguments through the real pipeline: the recorded arguments of its three
    // statuses as JSON, and the log.
    private static async Task<(List<string> Seen, CapturingLoggerFactory Logs)> RunLogin(
        Dictionary<string, object?> arguments,
        Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?>? filter = null)
    {
        var login = AIFunctionFactory.Create((string user) => $"hello {user}", "login");
        var model = new ScriptedChatClient().Then(new FunctionCallContent("c1", "login", arguments)).Then(new TextContent("Logged in."));
        var tracker = new ChatStatusTracker();
        var seen = new List<string>();
        tracker.Subscribe(s =>
        {
            if (s.Data is ToolCallData data)
            {
                seen.Add(JsonSerializer.Serialize(data.Arguments));
            }
        });
        var logs = new CapturingLoggerFactory();
        var client = new ChatClientBuilder(model).UseStatusTracking(tracker, o => o.ArgumentFilter = filter ?? o.ArgumentFilter).Build(logs);

        await client.GetResponseAsync("log in", new ChatOptions { Tools = [login] });

        Assert.Equal(3, seen.Count);
        return (seen, logs);
    }

    private sealed class BrokenList : ArrayList
    {
        public override object? this[int index]
        {
            get => throw new InvalidOperationException("gone");
            set => base[index] = value;
        }
    }

    private sealed class UnreadableDictionary : IReadOnlyDictionary<string, object?>
    {
        public int Count => 1;

        public IEnumerable<string> Keys => throw new InvalidOperationException("unreadable");

        public IEnumerable<object?> Values => throw new InvalidOperationException("unreadable");

        public object? this[string key] => throw new InvalidOperationException("unreadable");

        public bool ContainsKey(string key) => throw new InvalidOperationException("unreadable");

        public bool TryGetValue(string key, out object? value) => throw new InvalidOperationException("unreadable");

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => throw new InvalidOperationException("unreadable");

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
