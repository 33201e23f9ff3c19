using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>
/// An argument value of another type (a POCO, a set, a sequence) is recorded as the JSON it serializes to, with
/// <see cref="StatusJson.Options"/>: its secret names hidden, and never changed by the object afterwards.
/// </summary>
public class ObjectArgumentTests
{
    private static readonly Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> Default = new StatusTrackingChatOptions().ArgumentFilter;

    private static IReadOnlyDictionary<string, object?> Record(object? value) =>
        Default("t", new Dictionary<string, object?> { ["request"] = value, ["city"] = "Oslo" })!;

    private static string Json(object? recorded) => JsonSerializer.Serialize(recorded);

    [Fact]
    public void An_objects_secret_properties_are_hidden_and_later_changes_not_recorded()
    {
        var login = new Login { User = "ada", Password = "p", Headers = new() { ["Authorization"] = "Bearer x", ["Accept"] = "*/*" } };

        var recorded = Record(login);
        login.User = "bob";
        login.Headers["Accept"] = "text/html";

        var request = Assert.IsType<JsonElement>(recorded["request"]);
        Assert.Equal("""{"user":"ada","password":"***","headers":{"Authorization":"***","Accept":"*/*"}}""", Json(request));
        Assert.Equal("""{"request":{"user":"ada","password":"***","headers":{"Authorization":"***","Accept":"*/*"}},"city":"Oslo"}""", Json(recorded));
    }

    [Fact]
    public void Sets_sequences_and_json_values_made_from_objects_are_checked_too()
    {
        var set = new HashSet<Dictionary<string, object?>> { new() { ["token"] = "t", ["n"] = 1 } };
        var sequence = new[] { 1 }.Select(n => new Dictionary<string, object?> { ["cookie"] = "c", ["n"] = n });
        var node = new JsonObject { ["login"] = JsonValue.Create(new Login { User = "ada", Password = "p" }) };

        Assert.Equal("""[{"token":"***","n":1}]""", Json(Record(set)["request"]));
        Assert.Equal("""[{"cookie":"***","n":1}]""", Json(Record(sequence)["request"]));
        Assert.Equal("""{"login":{"user":"ada","password":"***"}}""", Json(Record(node)["request"]));
        Assert.Equal("""{"user":"ada","password":"***"}""", Json(Record(JsonValue.Create(new Login { User = "ada", Password = "p" }))["request"]));
    }

    [Fact]
    public void A_json_property_name_decides_which_name_is_checked_and_a_json_value_is_recorded_as_nodes()
    {
        var recorded = Record(new Renamed { Password = "p", Value = "k" });
        var node = Record(JsonValue.Create(new Login { User = "ada" }))["request"];

        Assert.Equal("""{"pin":"p","api_key":"***"}""", Json(recorded["request"]));
        Assert.Equal("""{"user":"ada"}""", Json(Assert.IsType<JsonObject>(node)));
    }

    [Fact]
    public void Arrays_of_enums_and_dates_are_walked_and_those_of_numbers_strings_and_decimals_cloned()
    {
        var recorded = Default("t", new Dictionary<string, object?>
        {
            ["days"] = new[] { DayOfWeek.Monday },
            ["dates"] = new[] { new DateOnly(2024, 1, 2) },
            ["half"] = new[] { (Half)1 },
            ["names"] = new[] { "a" },
            ["prices"] = new[] { 1.5m },
        })!;

        Assert.Equal([DayOfWeek.Monday], Assert.IsType<object?[]>(recorded["days"]));
        Assert.Equal([new DateOnly(2024, 1, 2)], Assert.IsType<object?[]>(recorded["dates"]));
        Assert.Equal([(Half)1], Assert.IsType<object?[]>(recorded["half"]));
        Assert.Equal(["a"], Assert.IsType<string[]>(recorded["names"]));
        Assert.Equal([1.5m], Assert.IsType<decimal[]>(recorded["prices"]));
    }

    [Fact]
    public void An_object_that_cannot_be_serialized_is_recorded_as_a_marker_and_the_rest_kept()
    {
        var cycle = new Chain();
        cycle.Next = cycle;

        var recorded = Record(cycle);

        Assert.Equal("""{"request":"(could not be copied: JsonException)","city":"Oslo"}""", Json(recorded));
    }

    [Fact]
    public async Task An_object_whose_json_would_pass_a_mebibyte_is_recorded_as_too_many_values()
    {
        // Each level refers twice to the one below: 2^40 objects once written out.
        var node = new Pair();
        for (var i = 0; i < 40; i++)
        {
            node = new Pair { A = node, B = node };
        }

        var recorded = await Task.Run(() => Record(node)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("""{"request":"(too many values)","city":"Oslo"}""", Json(recorded));
    }

    [Fact]
    public void Strings_numbers_and_other_immutable_values_are_recorded_as_they_are()
    {
        var uri = new Uri("https://example.com/");
        object?[] values = [42, 1.5, true, 'c', 2.5m, DayOfWeek.Friday, new DateTime(2024, 1, 2), new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(3), Guid.Empty, new DateOnly(2024, 1, 2), uri, null];

        var recorded = Default("t", values.Select((v, i) => (v, i)).ToDictionary(x => $"v{x.i}", x => x.v))!;

        Assert.Equal(values, recorded.Values);
        Assert.Same(uri, recorded["v11"]);
    }

    private sealed class Login
    {
        public string? User { get; set; }

        public string? Password { get; set; }

        public Dictionary<string, string>? Headers { get; set; }
    }

    private sealed class Renamed
    {
        [JsonPropertyName("pin")]
        public string? Password { get; set; }

        [JsonPropertyName("api_key")]
        public string? Value { get; set; }
    }

    private sealed class Chain
    {
        public Chain? Next { get; set; }
    }

    private sealed class Pair
    {
        public Pair? A { get; set; }

        public Pair? B { get; set; }
    }
}
