using System.Buffers;
using System.Text.Json;

namespace Rx.StatusTracking.Tests.Serialization;

public class StatusSizeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static ChatStatus Status(object? data = null, StatusError? error = null, string description = "The fetch tool finished.") => new()
    {
        Step = 2,
        Description = description,
        State = error is null ? StatusState.Completed : StatusState.Failed,
        Timestamp = At,
        Sequence = 9,
        Data = data,
        Error = error,
    };

    [Fact]
    public void Every_status_a_tracker_records_is_readable_by_the_library_even_with_data_over_the_read_limit()
    {
        // The mirror's case: a reader refusing status 2 of 1, 2, 3 would hold 1 and 3.
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, "Fetching the document.");
        tracker.Completed(1, "The document arrived.", new { document = new string('a', 2 * StatusJson.MaxInputBytes) });
        tracker.Executing(2, "Summarizing the document.");

        var read = tracker.History.Select(s => StatusJson.Deserialize(StatusJson.SerializeToUtf8Bytes(s))).ToList();

        Assert.Equal([1L, 2L, 3L], read.Select(s => s.Sequence));
        var omitted = (JsonElement)read[1].Data!;
        Assert.StartsWith("<>f__AnonymousType", omitted.GetProperty("omitted").GetString(), StringComparison.Ordinal);
        Assert.Equal("The status would have taken more than 1048576 bytes of JSON, the most a reader accepts.", omitted.GetProperty("reason").GetString());
        Assert.Equal(tracker.History[1] with { Data = null }, read[1] with { Data = null });
    }

    [Fact]
    public void Data_that_fits_is_written_unchanged_and_no_fallback_is_reported()
    {
        var text = new string('b', StatusJson.MaxInputBytes - 300);

        var bytes = StatusJson.SerializeToUtf8Bytes(Status(text), out var fallbacks);

        Assert.Equal(StatusJsonFallbacks.None, fallbacks);
        Assert.Equal(text, ((JsonElement)StatusJson.Deserialize(bytes).Data!).GetString());
    }

    [Fact]
    public void Too_large_data_is_replaced_by_a_marker_that_names_its_type_and_the_fallback_is_reported()
    {
        var output = new ArrayBufferWriter<byte>();

        var fallbacks = StatusJson.Write(output, Status(new string('c', StatusJson.MaxInputBytes)));

        Assert.Equal(StatusJsonFallbacks.DataOmitted, fallbacks);
        Assert.True(output.WrittenCount <= StatusJson.MaxInputBytes);
        Assert.Equal("System.String", ((JsonElement)StatusJson.Deserialize(output.WrittenSpan).Data!).GetProperty("omitted").GetString());
    }

    [Fact]
    public void Data_that_escapes_to_more_than_the_limit_is_omitted_too()
    {
        // 200,000 quotes escape to 400,000 bytes each way; six times that is past 1 MiB.
        var quotes = new string('"', 200_000);

        StatusJson.SerializeToUtf8Bytes(Status(Enumerable.Repeat(quotes, 6).ToArray()), out var fallbacks);

        Assert.Equal(StatusJsonFallbacks.DataOmitted, fallbacks);
    }

    [Fact]
    public void A_huge_error_is_shortened_first_and_small_data_is_kept()
    {
        // A tool failure with an enormous exception message keeps its small payload (call id, tool name) on the wire.
        var error = new StatusError("System.Exception", new string('m', StatusJson.MaxInputBytes), new string('s', 100_000), [new StatusError("Inner", "x", null, [])]);

        var bytes = StatusJson.SerializeToUtf8Bytes(Status(data: "call-7", error: error), out var fallbacks);

        Assert.Equal(StatusJsonFallbacks.ErrorShortened, fallbacks);
        var read = StatusJson.Deserialize(bytes);
        Assert.Equal("call-7", ((JsonElement)read.Data!).GetString());
        Assert.Equal(8_192, read.Error!.Message.Length);
        Assert.EndsWith("…", read.Error.Message, StringComparison.Ordinal);
        Assert.Equal(8_192, read.Error.StackTrace!.Length);
        Assert.Equal(StatusError.OmittedType, Assert.Single(read.Error.InnerErrors).Type);
    }

    [Fact]
    public void The_larger_of_data_and_error_goes_first_and_both_go_when_both_must()
    {
        var modest = new StatusError("System.Exception", "The API said no.", "at Call()", []);
        StatusJson.SerializeToUtf8Bytes(Status(data: new string('d', StatusJson.MaxInputBytes), error: modest), out var dataLarger);
        var large = modest with { Message = new string('m', 600_000) };
        StatusJson.SerializeToUtf8Bytes(Status(data: new string('d', 800_000), error: large), out var dataStillLarger);
        StatusJson.SerializeToUtf8Bytes(Status(data: new string('d', 500_000), error: large), out var errorLarger);
        StatusJson.SerializeToUtf8Bytes(Status(data: new string('d', StatusJson.MaxInputBytes), error: modest with { Message = new string('m', StatusJson.MaxInputBytes) }), out var both);

        Assert.Equal(StatusJsonFallbacks.DataOmitted, dataLarger);
        Assert.Equal(StatusJsonFallbacks.DataOmitted, dataStillLarger); // the 600,000-character error stays whole
        Assert.Equal(StatusJsonFallbacks.ErrorShortened, errorLarger);
        Assert.Equal(StatusJsonFallbacks.DataOmitted | StatusJsonFallbacks.ErrorShortened, both);
    }

    [Fact]
    public void Sizes_are_compared_as_written_so_escaped_text_counts_for_what_it_takes()
    {
        // 200,000 '<' take 1.2 MB as JSON (\u003C each): the error is the larger, and the small payload is kept.
        var html = new StatusError("System.Net.Http.HttpRequestException", new string('<', 200_000), null, []);

        var read = StatusJson.Deserialize(StatusJson.SerializeToUtf8Bytes(Status(data: "call-7", error: html), out var fallbacks));

        Assert.Equal(StatusJsonFallbacks.ErrorShortened, fallbacks);
        Assert.Equal("call-7", ((JsonElement)read.Data!).GetString());
    }

    [Fact]
    public void Cutting_never_splits_a_surrogate_pair()
    {
        var emoji = "\U0001F600"; // two chars
        var description = new string('a', 16_382) + emoji + new string('b', StatusJson.MaxInputBytes);

        var read = StatusJson.Deserialize(StatusJson.SerializeToUtf8Bytes(Status(description: description), out _));

        Assert.Equal(new string('a', 16_382) + "…", read.Description);
        using var tracker = new ChatStatusTracker(options: new() { MaxDescriptionLength = 16 });
        Assert.Equal("abcdefghijklmn…", tracker.Executing(1, "abcdefghijklmn" + emoji + "xyz").Description);
    }

    [Fact]
    public void A_hand_built_status_with_a_giant_description_is_cut_last()
    {
        var bytes = StatusJson.SerializeToUtf8Bytes(Status(description: new string('d', 2 * StatusJson.MaxInputBytes)), out var fallbacks);

        Assert.Equal(StatusJsonFallbacks.DescriptionShortened, fallbacks);
        Assert.Equal(16_384, StatusJson.Deserialize(bytes).Description.Length);
    }

    [Fact]
    public void Finding_data_too_large_costs_about_the_limit_not_the_payload()
    {
        var huge = new string('e', 50 * StatusJson.MaxInputBytes);
        StatusJson.SerializeToUtf8Bytes(Status(huge));

        var before = GC.GetAllocatedBytesForCurrentThread();
        StatusJson.SerializeToUtf8Bytes(Status(huge), out var fallbacks);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(StatusJsonFallbacks.DataOmitted, fallbacks);
        Assert.InRange(allocated, 0, 5 * StatusJson.MaxInputBytes);
    }

    [Theory]
    [InlineData(63, StatusJsonFallbacks.None)]
    [InlineData(64, StatusJsonFallbacks.DataUnserializable)]
    [InlineData(500, StatusJsonFallbacks.DataUnserializable)]
    public void Nested_data_written_in_one_piece_is_never_deeper_than_a_reader_accepts(int depth, StatusJsonFallbacks expected)
    {
        // A JsonElement (a tool's or an MCP server's result) is written by its own converter, all levels at once.
        using var nested = JsonDocument.Parse(new string('[', depth) + new string(']', depth), new JsonDocumentOptions { MaxDepth = 1_000 });

        var bytes = StatusJson.SerializeToUtf8Bytes(Status(nested.RootElement), out var fallbacks);

        Assert.Equal(expected, fallbacks);
        Assert.Equal(9, StatusJson.Deserialize(bytes).Sequence);
    }

    [Fact]
    public void Unserializable_data_is_reported_as_such()
    {
        var cycle = new List<object>();
        cycle.Add(cycle);

        StatusJson.SerializeToUtf8Bytes(Status(cycle), out var fallbacks);

        Assert.Equal(StatusJsonFallbacks.DataUnserializable, fallbacks);
    }

    [Fact]
    public void The_tracker_refuses_a_description_limit_past_what_the_wire_carries()
    {
        Assert.Throws<ArgumentOutOfRangeException>("MaxDescriptionLength", () => new ChatStatusTracker(options: new() { MaxDescriptionLength = StatusTrackerOptions.MaxDescriptionLengthLimit + 1 }));
        using var tracker = new ChatStatusTracker(options: new() { MaxDescriptionLength = StatusTrackerOptions.MaxDescriptionLengthLimit });
        var status = tracker.Executing(1, new string('"', StatusTrackerOptions.MaxDescriptionLengthLimit), new string('"', StatusJson.MaxInputBytes / 2));

        StatusJson.SerializeToUtf8Bytes(status, out var fallbacks);

        Assert.Equal(StatusJsonFallbacks.DataOmitted, fallbacks);
    }
}
