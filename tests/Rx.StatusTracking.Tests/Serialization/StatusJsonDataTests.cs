using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rx.StatusTracking.Tests.Serialization;

/// <summary>
/// How a status's data is written: by its runtime type, with the <c>$type</c> discriminator wherever the serializer's
/// <see langword="object"/> path writes one (a base class or an interface that declares derived types), whatever data came
/// before it on the thread.
/// </summary>
public class StatusJsonDataTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [JsonDerivedType(typeof(SearchCall), "search")]
    [JsonDerivedType(typeof(ToolCall), "tool")]
    public class ToolCall
    {
        public string Tool { get; init; } = "";
    }

    public sealed class SearchCall : ToolCall
    {
        public string Query { get; init; } = "";
    }

    [JsonDerivedType(typeof(Rows), "rows")]
    public interface IResult;

    public sealed class Rows : IResult
    {
        public int Count { get; init; }
    }

    public class Unmarked
    {
        public int Attempt { get; init; }
    }

    public sealed class UnmarkedChild : Unmarked
    {
        public int Extra { get; init; }
    }

    public static TheoryData<object, string> Data => new()
    {
        { new SearchCall { Tool = "web", Query = "rx" }, """{"$type":"search","query":"rx","tool":"web"}""" },
        { new ToolCall { Tool = "db" }, """{"$type":"tool","tool":"db"}""" },
        { new Rows { Count = 3 }, """{"$type":"rows","count":3}""" },
        { new UnmarkedChild { Attempt = 2, Extra = 1 }, """{"extra":1,"attempt":2}""" },
        { new { query = "reactive", attempt = 4 }, """{"query":"reactive","attempt":4}""" },
        { 42, "42" },
        { "text", "\"text\"" },
        { new Dictionary<string, int> { ["a"] = 1 }, """{"a":1}""" },
        { new[] { 1, 2 }, "[1,2]" },
    };

    [Theory]
    [MemberData(nameof(Data))]
    public void Data_is_written_as_the_serializer_writes_an_object(object data, string expected)
    {
        Assert.Equal(Status(expected), StatusJson.Serialize(With(data)));
        Assert.Equal(Status(expected), JsonSerializer.Serialize(With(data), StatusJson.Options));
    }

    [Fact]
    public void Each_status_writes_its_own_data_whatever_came_before_it()
    {
        // Alternating types, twice over: the second pass meets every type already checked.
        object[] sequence = [new SearchCall { Tool = "web", Query = "a" }, new { plain = 1 }, new Rows { Count = 1 }, new Unmarked { Attempt = 1 }];
        string[] expected = ["""{"$type":"search","query":"a","tool":"web"}""", """{"plain":1}""", """{"$type":"rows","count":1}""", """{"attempt":1}"""];

        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < sequence.Length; i++)
            {
                Assert.Equal(Status(expected[i]), StatusJson.Serialize(With(sequence[i])));
            }
        }
    }

    [Fact]
    public void Derived_types_a_resolver_declares_get_their_discriminator_too()
    {
        var options = new JsonSerializerOptions(StatusJson.Options)
        {
            TypeInfoResolver = StatusJson.Options.TypeInfoResolver!.WithAddedModifier(info =>
            {
                if (info.Type == typeof(Unmarked))
                {
                    info.PolymorphismOptions = new JsonPolymorphismOptions { DerivedTypes = { new JsonDerivedType(typeof(UnmarkedChild), "child") } };
                }
            }),
        };

        Assert.Equal(Status("""{"$type":"child","extra":1,"attempt":2}"""), JsonSerializer.Serialize(With(new UnmarkedChild { Attempt = 2, Extra = 1 }), options));
        Assert.Equal(Status("""{"extra":1,"attempt":2}"""), StatusJson.Serialize(With(new UnmarkedChild { Attempt = 2, Extra = 1 })));
    }

    [Fact]
    public void Data_read_back_is_a_json_element_that_writes_the_same_json()
    {
        var json = StatusJson.Serialize(With(new SearchCall { Tool = "web", Query = "rx" }));

        var read = StatusJson.Deserialize(json);

        var element = Assert.IsType<JsonElement>(read.Data);
        Assert.Equal("search", element.GetProperty("$type").GetString());
        Assert.Equal(json, StatusJson.Serialize(read));
    }

    [Fact]
    public void Data_is_written_without_the_serializers_nested_object_stack()
    {
        var status = With(new { query = "reactive extensions", attempt = 4 });
        var length = StatusJson.SerializeToUtf8Bytes(status).Length;
        for (var i = 0; i < 200; i++)
        {
            // Warm: the thread's buffer and writer, the metadata, the compiled code.
            StatusJson.SerializeToUtf8Bytes(status);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            StatusJson.SerializeToUtf8Bytes(status);
        }

        // The result (its JSON and an array header) and little else: the serializer's own object path added a nested
        // write stack of about 300 bytes per status.
        var perStatus = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.InRange(perStatus, length, length + 120);
    }

    [Fact]
    public void Users_of_the_public_options_get_the_serializers_own_object_path()
    {
        var options = new JsonSerializerOptions(StatusJson.Options) { ReferenceHandler = ReferenceHandler.Preserve };

        var json = JsonSerializer.Serialize(With(new ToolCall { Tool = "db" }), options);

        // One id space for the status and its data, as the serializer numbers a graph.
        Assert.StartsWith("""{"$id":"1","step":2,""", json, StringComparison.Ordinal);
        Assert.Contains(""""data":{"$id":"2","$type":"tool","tool":"db"}"""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_data_is_left_out()
    {
        Assert.Equal(
            """{"step":2,"description":"Searching.","state":"Executing","timestamp":"2026-11-28T12:00:00+00:00","sequence":5,"isReset":false,"isTerminal":false}""",
            StatusJson.Serialize(With(null)));
    }

    private static ChatStatus With(object? data) =>
        new() { Step = 2, Description = "Searching.", State = StatusState.Executing, Data = data, Timestamp = At, Sequence = 5 };

    private static string Status(string data) =>
        $$"""{"step":2,"description":"Searching.","state":"Executing","timestamp":"2026-11-28T12:00:00+00:00","data":{{data}},"sequence":5,"isReset":false,"isTerminal":false}""";
}
