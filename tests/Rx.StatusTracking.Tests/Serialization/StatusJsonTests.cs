using System.Text;
using System.Text.Json;

namespace Rx.StatusTracking.Tests.Serialization;

public class StatusJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static ChatStatus Failed() => new()
    {
        Step = 3,
        Description = "The web_search tool failed: timeout",
        State = StatusState.Failed,
        Timestamp = At,
        Sequence = 42,
        Error = new StatusError("System.AggregateException", "two", "at A()", [
            new StatusError("System.TimeoutException", "slow", null, []),
            new StatusError("System.IO.IOException", "reset", "at B()", [new StatusError("System.Exception", "root", null, [])]),
        ]),
    };

    [Fact]
    public void A_status_is_written_in_camel_case_with_its_state_by_name_and_nulls_left_out()
    {
        var json = StatusJson.Serialize(new ChatStatus { Step = 1, Description = "Analyzing your question.", State = StatusState.Executing, Timestamp = At, Sequence = 7 });

        Assert.Equal(
            """{"step":1,"description":"Analyzing your question.","state":"Executing","timestamp":"2026-11-28T12:00:00+00:00","sequence":7,"isReset":false,"isTerminal":false}""",
            json);
    }

    [Fact]
    public void A_failed_status_round_trips_with_its_whole_error_tree()
    {
        var status = Failed();

        var read = StatusJson.Deserialize(StatusJson.SerializeToUtf8Bytes(status));

        Assert.Equal(status, read);
    }

    [Fact]
    public void Data_is_written_as_given_and_read_back_as_a_json_element()
    {
        var status = Failed() with { Data = new { toolCallId = "call_1", arguments = new Dictionary<string, object?> { ["query"] = "rx", ["limit"] = 5 } } };

        var read = StatusJson.Deserialize(StatusJson.Serialize(status));

        var data = Assert.IsType<JsonElement>(read.Data);
        Assert.Equal("""{"toolCallId":"call_1","arguments":{"query":"rx","limit":5}}""", data.GetRawText());
        Assert.Equal(status with { Data = null }, read with { Data = null });
    }

    [Fact]
    public void Data_that_cannot_be_serialized_leaves_a_marker_and_the_status_intact()
    {
        var cycle = new Node();
        cycle.Next = cycle;
        var status = Failed() with { Data = cycle };

        var read = StatusJson.Deserialize(StatusJson.Serialize(status));

        Assert.Equal(typeof(Node).FullName, ((JsonElement)read.Data!).GetProperty("unserializable").GetString());
        Assert.Equal(status with { Data = null }, read with { Data = null });
    }

    [Fact]
    public void Data_whose_getter_throws_leaves_the_same_marker()
    {
        var read = StatusJson.Deserialize(StatusJson.Serialize(Failed() with { Data = new Throwing() }));

        Assert.Equal(typeof(Throwing).FullName, ((JsonElement)read.Data!).GetProperty("unserializable").GetString());
    }

    [Theory]
    [InlineData("", "Not a valid status:")]
    [InlineData("{", "Not a valid status:")]
    [InlineData("null", "Not a valid status: the JSON is null.")]
    [InlineData("[1,2]", "Not a valid status:")]
    [InlineData("""{"description":"x","state":"Pending"}""", "missing required properties")]
    [InlineData("""{"step":1,"state":"Pending"}""", "missing required properties")]
    [InlineData("""{"step":1,"description":null,"state":"Pending"}""", "Not a valid status:")]
    [InlineData("""{"step":1,"description":"x","state":"Paused"}""", "Not a valid status:")]
    [InlineData("""{"step":1,"description":"x","state":7}""", "Not a valid status:")]
    [InlineData("""{"step":1,"description":"x","state":"1"}""", "Not a valid status:")]
    [InlineData("""{"step":"one","description":"x","state":"Pending"}""", "Not a valid status:")]
    [InlineData("""{"step":-2,"description":"x","state":"Pending"}""", "step -2 is below -1")]
    [InlineData("""{"step":1,"description":"x","state":"Pending","sequence":-5}""", "sequence -5 is negative")]
    [InlineData("""{"step":1,"description":"x","state":"Failed","error":{"type":"E","message":"m"}}""", "Not a valid status:")]
    [InlineData("""{"step":1,"description":"x","state":"Failed","error":{"type":"E","message":"m","stackTrace":null,"innerErrors":null}}""", "Not a valid status:")]
    [InlineData("""{"step":1,"description":"x","state":"Pending","timestamp":"yesterday"}""", "Not a valid status:")]
    public void Malformed_input_is_refused_with_a_clear_typed_error(string json, string expected)
    {
        var error = Assert.Throws<StatusJsonException>(() => StatusJson.Deserialize(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);

        Assert.False(StatusJson.TryDeserialize(Encoding.UTF8.GetBytes(json), out var status, out var reason));
        Assert.Null(status);
        Assert.Equal(error.Message, reason);
    }

    [Fact]
    public void Deep_nesting_in_data_is_refused_not_followed()
    {
        var json = """{"step":1,"description":"x","state":"Pending","data":""" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var error = Assert.Throws<StatusJsonException>(() => StatusJson.Deserialize(json));

        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Input_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var json = "{\"step\":1,\"description\":\"" + new string('a', StatusJson.MaxInputBytes) + "\",\"state\":\"Pending\"}";

        var error = Assert.Throws<StatusJsonException>(() => StatusJson.Deserialize(json));

        Assert.StartsWith($"Not a valid status: {json.Length} bytes is more than the {StatusJson.MaxInputBytes}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused()
    {
        const string head = "{\"step\":1,\"description\":\"";
        const string tail = "\",\"state\":\"Pending\"}";
        var atLimit = head + new string('a', StatusJson.MaxInputBytes - head.Length - tail.Length) + tail;

        Assert.Equal(StatusJson.MaxInputBytes, Encoding.UTF8.GetByteCount(atLimit));
        Assert.Equal(StatusState.Pending, StatusJson.Deserialize(atLimit).State);
        Assert.Equal(StatusState.Pending, StatusJson.Deserialize(Encoding.UTF8.GetBytes(atLimit)).State);
        Assert.Throws<StatusJsonException>(() => StatusJson.Deserialize(atLimit.Insert(head.Length, "a")));
        Assert.Throws<StatusJsonException>(() => StatusJson.Deserialize(Encoding.UTF8.GetBytes(atLimit.Insert(head.Length, "a"))));
    }

    [Fact]
    public void A_sequence_of_zero_is_read_as_never_recorded_and_a_negative_one_is_refused()
    {
        Assert.Equal(0, StatusJson.Deserialize("""{"step":1,"description":"x","state":"Pending","sequence":0}""").Sequence);
        Assert.Throws<StatusJsonException>(() => StatusJson.Deserialize("""{"step":1,"description":"x","state":"Pending","sequence":-1}"""));
        Assert.Throws<ArgumentNullException>(() => StatusJson.Deserialize((string)null!));
        Assert.Throws<ArgumentNullException>(() => StatusJson.Serialize(null!));
    }

    [Fact]
    public void Unknown_fields_are_ignored_so_newer_writers_do_not_break_older_readers()
    {
        var read = StatusJson.Deserialize("""{"step":2,"description":"x","state":"Completed","sequence":3,"addedLater":{"a":1}}""");

        Assert.Equal(new ChatStatus { Step = 2, Description = "x", State = StatusState.Completed, Sequence = 3 }, read);
    }

    [Fact]
    public void A_reset_marker_round_trips()
    {
        var marker = new ChatStatus { Step = ChatStatus.ResetStep, Description = ChatStatusMessages.TrackerReset, State = StatusState.Completed, IsReset = true, Sequence = 9, Timestamp = At };

        Assert.Equal(marker, StatusJson.Deserialize(StatusJson.Serialize(marker)));
    }

    [Fact]
    public void Every_status_a_tracker_records_round_trips()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = new TestScheduler() });
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Failed(2, ChatStatusMessages.ToolFailed("db", "down"), new InvalidOperationException("down", new TimeoutException("slow")));
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Reset();
        tracker.Pending(1, ChatStatusMessages.WaitingOpenAI);

        foreach (var status in tracker.History)
        {
            Assert.Equal(status, StatusJson.Deserialize(StatusJson.SerializeToUtf8Bytes(status)));
        }
    }

    [Fact]
    public void Summaries_and_progress_use_the_same_options()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = new TestScheduler() });
        tracker.Executing(1, "a");
        tracker.Failed(1, "b", new InvalidOperationException("x"));

        var summary = tracker.GetSummary();
        var read = JsonSerializer.Deserialize<ExecutionSummary>(JsonSerializer.Serialize(summary, StatusJson.Options), StatusJson.Options);

        Assert.Equal(summary, read);
        Assert.Contains("\"percent\":100", JsonSerializer.Serialize(tracker.GetProgress(), StatusJson.Options), StringComparison.Ordinal);
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }

    private sealed class Throwing
    {
        public string Value => throw new InvalidOperationException("no");
    }
}
