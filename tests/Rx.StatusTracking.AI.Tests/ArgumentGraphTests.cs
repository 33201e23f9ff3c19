using System.Text.Json;
using System.Text.Json.Nodes;
using static Rx.StatusTracking.AI.Tests.ArgumentRecording;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>
/// Arguments whose parts are shared or contain themselves are copied in bounded work: a container inside itself is
/// recorded as "(cycle)", and at most 10,000 values of a call are copied, one "(too many values)" ending each list or
/// dictionary whose rest does not fit.
/// </summary>
public class ArgumentGraphTests
{
    [Fact]
    public async Task A_dictionary_inside_itself_is_recorded_as_a_cycle_marker_where_it_recurs()
    {
        var cycle = new Dictionary<string, object?> { ["n"] = 1 };
        cycle["a"] = cycle;
        cycle["b"] = cycle;
        var outer = new Dictionary<string, object?> { ["inner"] = new List<object?> { cycle } };
        var list = new List<object?> { "x" };
        list.Add(list);

        var recorded = await Record(new() { ["request"] = cycle, ["outer"] = outer, ["list"] = list, ["after"] = "kept" });

        Assert.Equal(
            """{"request":{"n":1,"a":"(cycle)","b":"(cycle)"},"outer":{"inner":[{"n":1,"a":"(cycle)","b":"(cycle)"}]},"list":["x","(cycle)"],"after":"kept"}""",
            Json(recorded));
    }

    [Fact]
    public async Task A_container_shared_but_not_inside_itself_is_copied_at_each_place()
    {
        var shared = new Dictionary<string, object?> { ["token"] = "t", ["n"] = 1 };

        var recorded = await Record(new() { ["a"] = shared, ["b"] = new List<object?> { shared, shared } });

        Assert.Equal("""{"a":{"token":"***","n":1},"b":[{"token":"***","n":1},{"token":"***","n":1}]}""", Json(recorded));
    }

    [Fact]
    public async Task Dictionaries_that_share_their_parts_forty_levels_down_are_copied_up_to_the_budget()
    {
        object? node = "leaf";
        for (var i = 0; i < 40; i++)
        {
            node = new Dictionary<string, object?> { ["a"] = node, ["b"] = node };
        }

        var recorded = await Record(new() { ["request"] = node, ["after"] = "x" });

        Assert.Equal(MaxValues, CountValues(recorded["request"]));
        Assert.Equal(TooMany, recorded[TooMany]);
        Assert.False(recorded.ContainsKey("after"));
    }

    [Fact]
    public async Task A_list_that_shares_its_parts_eighteen_levels_down_is_copied_up_to_the_budget()
    {
        // 2^19 - 1 values if copied whole.
        object? node = 1;
        for (var i = 0; i < 18; i++)
        {
            node = new List<object?> { node, node };
        }

        var recorded = await Record(new() { ["request"] = node });

        Assert.Equal(MaxValues, CountValues(recorded["request"]));
        Assert.Contains(TooMany, Json(recorded), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_past_the_budget_of_a_call_end_each_container_with_one_marker_across_its_arguments()
    {
        // Each argument's value counts, and each value inside: 6,001 for the first list, then 1 + 3,998 for the second.
        var recorded = await Record(new() { ["first"] = Enumerable.Range(0, 6_000).ToList(), ["second"] = Enumerable.Range(0, 6_000).ToList(), ["third"] = 3 });

        var second = Assert.IsType<object?[]>(recorded["second"]);
        Assert.Equal(6_000, Assert.IsType<object?[]>(recorded["first"]).Length);
        Assert.Equal(Enumerable.Range(0, 3_998).Cast<object?>().Append(TooMany), second);
        Assert.Equal(["first", "second", TooMany], recorded.Keys);
        Assert.Equal(TooMany, recorded[TooMany]);
    }

    [Fact]
    public async Task Values_past_the_budget_inside_json_end_it_with_one_marker_too()
    {
        using var document = JsonDocument.Parse("[" + string.Join(',', Enumerable.Range(0, MaxValues + 5)) + "]");
        var node = new JsonArray([.. Enumerable.Range(0, MaxValues + 5).Select(i => (JsonNode?)JsonValue.Create(i))]);

        var fromElement = (await Record(new() { ["request"] = document.RootElement }))["request"];
        var fromNode = (await Record(new() { ["request"] = node }))["request"];

        var expected = "[" + string.Join(',', Enumerable.Range(0, MaxValues - 1)) + ",\"" + TooMany + "\"]";
        Assert.Equal(expected, Json(Assert.IsType<JsonElement>(fromElement)));
        Assert.Equal(expected, Json(Assert.IsType<JsonArray>(fromNode)));
    }

    [Fact]
    public async Task An_array_of_numbers_is_copied_whole_each_of_its_values_counted()
    {
        // 1 + 9,000 values, then 1 + 10,000 of the 998 left do not fit.
        var numbers = Enumerable.Range(0, 9_000).ToArray();

        var recorded = await Record(new() { ["request"] = numbers, ["more"] = new int[10_000], ["after"] = "x" });

        Assert.Equal(numbers, Assert.IsType<int[]>(recorded["request"]));
        Assert.NotSame(numbers, recorded["request"]);
        Assert.Equal(TooMany, recorded["more"]);
        Assert.Equal("x", recorded["after"]);
    }

    // The values recorded (containers and leaves), markers left out.
    private static int CountValues(object? value) => value switch
    {
        TooMany => 0,
        IDictionary<string, object?> dictionary => 1 + dictionary.Values.Sum(CountValues),
        object?[] items => 1 + items.Sum(CountValues),
        _ => 1,
    };
}
