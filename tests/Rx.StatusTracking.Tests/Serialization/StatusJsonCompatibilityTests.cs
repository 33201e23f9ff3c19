using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rx.StatusTracking.Tests.Serialization;

/// <summary>The contract's new fields and state, and what a reader that predates them does with them.</summary>
public class StatusJsonCompatibilityTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private const string Child =
        """{"step":3,"parentStep":1,"description":"Downloading.","state":"Executing","progress":0.25,"timestamp":"2026-11-28T12:00:00+00:00","sequence":7,"isReset":false,"isTerminal":false}""";

    /// <summary>A reader configured as the contract's was before nested steps: four states, no parent, no progress.</summary>
    private static readonly JsonSerializerOptions OlderReader = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter<FourStates>(namingPolicy: null, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
    };

    private enum FourStates
    {
        Pending,
        Executing,
        Completed,
        Failed,
    }

    [Fact]
    public void The_parent_and_the_progress_are_written_where_present_and_read_back()
    {
        var status = new ChatStatus { Step = 3, ParentStep = 1, Description = "Downloading.", State = StatusState.Executing, Progress = 0.25, Timestamp = At, Sequence = 7 };

        Assert.Equal(Child, StatusJson.Serialize(status));
        Assert.Equal(status, StatusJson.Deserialize(Child));
    }

    [Fact]
    public void A_status_without_them_is_written_as_before()
    {
        var json = StatusJson.Serialize(new ChatStatus { Step = 1, Description = "Analyzing your question.", State = StatusState.Executing, Timestamp = At, Sequence = 7 });

        Assert.Equal(
            """{"step":1,"description":"Analyzing your question.","state":"Executing","timestamp":"2026-11-28T12:00:00+00:00","sequence":7,"isReset":false,"isTerminal":false}""",
            json);
    }

    [Theory]
    [InlineData("""{"step":3,"parentStep":-1,"description":"x","state":"Pending"}""", "Not a valid status: parent step -1 is negative.")]
    [InlineData("""{"step":3,"parentStep":3,"description":"x","state":"Pending"}""", "Not a valid status: step 3 is its own parent.")]
    [InlineData("""{"step":3,"description":"x","state":"Executing","progress":1.5}""", "Not a valid status: progress 1.5 is not in [0, 1].")]
    [InlineData("""{"step":3,"description":"x","state":"Executing","progress":-0.01}""", "Not a valid status: progress -0.01 is not in [0, 1].")]
    [InlineData("""{"step":3,"description":"x","state":"Executing","progress":"NaN"}""", "Not a valid status:")]
    public void A_parent_or_progress_out_of_its_range_is_refused(string json, string expected)
    {
        var error = Assert.Throws<StatusJsonException>(() => StatusJson.Deserialize(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reader_skips_fields_it_does_not_know()
    {
        Assert.Equal(JsonUnmappedMemberHandling.Skip, StatusJson.Options.UnmappedMemberHandling);

        var status = StatusJson.Deserialize("""{"step":1,"description":"x","state":"Executing","addedLater":{"any":[1,2]},"sequence":4}""");

        Assert.Equal((1, "x", StatusState.Executing, 4L), (status.Step, status.Description, status.State, status.Sequence));
    }

    [Fact]
    public void A_state_the_reader_does_not_know_is_refused_not_guessed()
    {
        var error = Assert.Throws<StatusJsonException>(() => StatusJson.Deserialize("""{"step":1,"description":"x","state":"Cancelled"}"""));

        Assert.StartsWith("Not a valid status:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_reader_reads_a_child_as_a_top_level_step_and_refuses_a_status_waiting_for_input()
    {
        var child = JsonSerializer.Deserialize<OlderStatus>(Child, OlderReader)!;
        Assert.Equal((3, "Downloading.", FourStates.Executing, 7L), (child.Step, child.Description, child.State, child.Sequence));

        var waiting = StatusJson.Serialize(new ChatStatus { Step = 2, Description = "Approve?", State = StatusState.AwaitingInput, Timestamp = At, Sequence = 8 });
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OlderStatus>(waiting, OlderReader));
    }

    private sealed record OlderStatus
    {
        public required int Step { get; init; }

        public required string Description { get; init; }

        public required FourStates State { get; init; }

        public DateTimeOffset Timestamp { get; init; }

        public JsonElement? Data { get; init; }

        public long Sequence { get; init; }

        public bool IsReset { get; init; }
    }
}
