using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.ArgumentRecording;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>
/// The budget of a call's copy bounds its work and what it records: 10,000 values, hidden ones and each value of a
/// cloned array included, and 1 MiB of JSON (elements and serialized objects); past it, one "(too many values)" ends
/// each list or dictionary; and the arguments dictionary is the first ancestor of every container.
/// </summary>
public class ArgumentBudgetTests
{
    private const int MaxBytes = 1 << 20;

    [Fact]
    public async Task One_object_repeated_in_a_list_is_serialized_within_a_mebibyte_per_call()
    {
        // 100,011 bytes of JSON each: ten fit in 1 MiB; the eleventh runs out of room and spends the rest.
        var blob = new Blob { Data = new string('x', 100_000) };

        var recorded = await Record(new() { ["items"] = Enumerable.Repeat<object>(blob, 50).ToList(), ["small"] = new Blob { Data = "y" }, ["city"] = "Oslo" });

        var items = Assert.IsType<object?[]>(recorded["items"]);
        Assert.All(items[..10], item => Assert.Equal("{\"data\":\"" + blob.Data + "\"}", Json(Assert.IsType<JsonElement>(item))));
        Assert.Equal(Enumerable.Repeat<object?>(TooMany, 40), items[10..]);
        Assert.Equal(TooMany, recorded["small"]);
        Assert.Equal("Oslo", recorded["city"]);
    }

    [Fact]
    public async Task One_json_element_repeated_in_a_list_is_cloned_within_a_mebibyte_per_call()
    {
        using var document = JsonDocument.Parse("{\"data\":\"" + new string('x', 100_000) + "\"}");

        var recorded = await Record(new() { ["items"] = Enumerable.Repeat<object>(document.RootElement, 50).ToList(), ["n"] = 1 });

        var items = Assert.IsType<object?[]>(recorded["items"]);
        Assert.Equal(10, items.Count(item => item is JsonElement));
        Assert.Equal(Enumerable.Repeat<object?>(TooMany, 40), items[10..]);
        Assert.True(Json(recorded).Length < MaxBytes);
        Assert.Equal(1, recorded["n"]);
    }

    [Fact]
    public async Task A_cloned_array_counts_each_of_its_values()
    {
        // The list and its 50 arrays: each array 1 + 1,000 values, so 9 fit in the 9,999 left after the list.
        var bytes = new byte[1_000];

        var recorded = await Record(new() { ["items"] = Enumerable.Repeat<object>(bytes, 50).ToList(), ["after"] = "x" });

        var items = Assert.IsType<object?[]>(recorded["items"]);
        Assert.All(items[..9], item => Assert.Equal(bytes, Assert.IsType<byte[]>(item)));
        Assert.Equal(Enumerable.Repeat<object?>(TooMany, 41), items[9..]);
        Assert.Equal("x", recorded["after"]);
    }

    [Fact]
    public async Task A_hidden_value_counts_like_any_other()
    {
        // 1 + 1,000 values per dictionary: 9 whole, the 10th ends after 989 entries, then the list ends.
        var secrets = Enumerable.Range(0, 1_000).ToDictionary(i => $"token{i}", object? (i) => "s");
        var expectedTenth = Enumerable.Range(0, 989).Select(i => $"\"token{i}\":\"***\"").Append($"\"{TooMany}\":\"{TooMany}\"");

        var recorded = await Record(new() { ["items"] = Enumerable.Repeat<object>(secrets, 50).ToList(), ["after"] = "x" });

        var items = Assert.IsType<object?[]>(recorded["items"]);
        Assert.Equal(11, items.Length);
        Assert.All(items[..9], item => Assert.Equal(1_000, Assert.IsType<Dictionary<string, object?>>(item).Count));
        Assert.Equal("{" + string.Join(',', expectedTenth) + "}", Json(items[9]));
        Assert.Equal(TooMany, items[10]);
        Assert.Equal(TooMany, recorded[TooMany]);
        Assert.False(recorded.ContainsKey("after"));
    }

    [Fact]
    public async Task A_hidden_json_value_counts_like_any_other()
    {
        var json = "{" + string.Join(',', Enumerable.Range(0, 1_000).Select(i => $"\"token{i}\":1")) + "}";
        using var document = JsonDocument.Parse("[" + string.Join(',', Enumerable.Repeat(json, 50)) + "]");
        var nodes = new JsonArray([.. Enumerable.Range(0, 50).Select(_ => JsonNode.Parse(json))]);

        var fromElement = Json((await Record(new() { ["items"] = document.RootElement }))["items"]);
        var fromNode = Json((await Record(new() { ["items"] = nodes }))["items"]);

        var hidden = "{" + string.Join(',', Enumerable.Range(0, 1_000).Select(i => $"\"token{i}\":\"***\"")) + "}";
        var tenth = "{" + string.Join(',', Enumerable.Range(0, 989).Select(i => $"\"token{i}\":\"***\"")) + $",\"{TooMany}\":\"{TooMany}\"}}";
        var expected = "[" + string.Join(',', Enumerable.Repeat(hidden, 9)) + "," + tenth + $",\"{TooMany}\"]";
        Assert.Equal(expected, fromElement);
        Assert.Equal(expected, fromNode);
    }

    [Fact]
    public async Task Past_the_budget_a_list_ends_with_one_marker_and_a_dictionary_with_one_entry()
    {
        var entries = Enumerable.Range(0, 20_000).ToDictionary(i => $"k{i}", object? (i) => i);
        var firstEntries = Enumerable.Range(0, MaxValues - 1).Select(i => $"\"k{i}\":{i}").Append($"\"{TooMany}\":\"{TooMany}\"");
        var firstItems = Enumerable.Range(0, MaxValues - 1).Select(i => $"{i}").Append($"\"{TooMany}\"");
        using var array = JsonDocument.Parse("[" + string.Join(',', Enumerable.Repeat(0, 70_000)) + "]");
        using var json = JsonDocument.Parse(Json(entries));

        var list = Json((await Record(new() { ["v"] = Enumerable.Range(0, 100_000).ToList() }))["v"]);
        var dictionary = Json((await Record(new() { ["v"] = entries }))["v"]);
        var jsonArray = Json((await Record(new() { ["v"] = array.RootElement }))["v"]);
        var jsonObject = Json((await Record(new() { ["v"] = json.RootElement }))["v"]);
        var nodeArray = Json((await Record(new() { ["v"] = JsonNode.Parse(array.RootElement.GetRawText()) }))["v"]);
        var nodeObject = Json((await Record(new() { ["v"] = JsonNode.Parse(json.RootElement.GetRawText()) }))["v"]);

        Assert.Equal("[" + string.Join(',', firstItems) + "]", list);
        Assert.Equal("{" + string.Join(',', firstEntries) + "}", dictionary);
        Assert.Equal("[" + string.Join(',', Enumerable.Repeat("0", MaxValues - 1)) + $",\"{TooMany}\"]", jsonArray);
        Assert.Equal("{" + string.Join(',', firstEntries) + "}", jsonObject);
        Assert.Equal(jsonArray, nodeArray);
        Assert.Equal(jsonObject, nodeObject);
    }

    [Fact]
    public async Task Json_that_uses_the_budget_exactly_is_recorded_whole_and_the_next_argument_is_not()
    {
        using var fits = JsonDocument.Parse("[" + string.Join(',', Enumerable.Repeat(0, MaxValues - 1)) + "]");

        var recorded = await Record(new() { ["v"] = fits.RootElement, ["after"] = 1 });

        Assert.Equal(fits.RootElement.GetRawText(), Json(recorded["v"]));
        Assert.Equal($"\"{TooMany}\"", Json(recorded[TooMany]));
        Assert.Equal(2, recorded.Count);
    }

    [Fact]
    public async Task The_arguments_dictionary_inside_itself_is_recorded_as_a_cycle_marker()
    {
        var arguments = new Dictionary<string, object?> { ["n"] = 1 };
        arguments["self"] = arguments;
        arguments["list"] = new List<object?> { arguments };
        var sorted = new SortedDictionary<string, object?> { ["n"] = 1 };
        sorted["self"] = sorted;

        var recorded = await Record(arguments);
        var fromSorted = Default("t", sorted);

        Assert.Equal("""{"n":1,"self":"(cycle)","list":["(cycle)"]}""", Json(recorded));
        Assert.Equal("""{"n":1,"self":"(cycle)"}""", Json(fromSorted));
    }

    [Fact]
    public async Task A_filters_result_inside_itself_is_recorded_as_a_cycle_marker()
    {
        var wrapped = new Dictionary<string, object?> { ["n"] = 1 };
        var returned = new ReadOnlyDictionary<string, object?>(wrapped);
        wrapped["self"] = returned;
        var pipeline = TrackedPipeline.Build(
            new ScriptedChatClient().Then(TrackedPipeline.Call("c1", "web_search", new() { ["query"] = "x" })).Then(new TextContent("Done.")),
            o => o.ArgumentFilter = (_, _) => returned);

        await pipeline.Client.GetResponseAsync("search", new ChatOptions { Tools = [TestTools.WebSearch] });

        var recorded = pipeline.Seen.Where(s => s.Data is ToolCallData).Select(s => Json(((ToolCallData)s.Data!).Arguments)).ToList();
        Assert.Equal(3, recorded.Count);
        Assert.All(recorded, json => Assert.Equal("""{"n":1,"self":"(cycle)"}""", json));
    }

    private sealed class Blob
    {
        public string? Data { get; set; }
    }
}
