using System.Text;
using Rx.StatusTracking.Client.Internal;

namespace Rx.StatusTracking.Client.Tests.Sse;

public class ServerSentEventReaderTests
{
    private static async Task<List<string>> ReadAsync(string text, int maxDataBytes = 1024, int bytesPerRead = int.MaxValue)
    {
        var reader = new ServerSentEventReader(new TricklingStream(Encoding.UTF8.GetBytes(text), bytesPerRead), maxDataBytes, () => { });
        var events = new List<string>();
        while (await reader.ReadAsync(CancellationToken.None) is { } next)
        {
            events.Add(next.IsComment
                ? "comment"
                : $"{next.Type}|{next.Id}|{Encoding.UTF8.GetString(next.Data.Span)}{(next.DataTooLarge ? "|too large" : "")}");
        }

        return events;
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Events_are_read_as_the_specification_parses_them_however_the_bytes_arrive(int bytesPerRead)
    {
        var text = "\uFEFFretry: 2000\n\nid: 1\ndata: {\"a\":1}\n\n: heartbeat\n\nevent: gap\ndata: first\ndata:second\n\r\nid: 2\r\ndata: é\r\rdata: no blank line at the end";

        var events = await ReadAsync(text, bytesPerRead: bytesPerRead);

        Assert.Equal(["message|1|{\"a\":1}", "comment", "gap|1|first\nsecond", "message|2|é"], events);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    public async Task A_byte_order_mark_before_the_first_line_is_dropped(int bytesPerRead)
    {
        var events = await ReadAsync("\uFEFFid: 5\ndata: x\n\n", bytesPerRead: bytesPerRead);

        Assert.Equal(["message|5|x"], events);
    }

    [Fact]
    public async Task An_event_without_data_is_not_dispatched_and_forgets_its_type()
    {
        var events = await ReadAsync("event: gap\nid: 7\n\ndata: x\n\n");

        Assert.Equal(["message|7|x"], events);
    }

    [Fact]
    public async Task Data_past_the_limit_is_flagged_and_not_kept()
    {
        var events = await ReadAsync($"data: {new string('x', 100)}\n\ndata: {new string('y', 10)}\ndata: {new string('z', 10)}\n\ndata: ok\n\n", maxDataBytes: 16, bytesPerRead: 7);

        Assert.Equal(["message||x|too large" is var _ ? "message|||too large" : "", "message||yyyyyyyyyy|too large", "message||ok"], events);
    }

    /// <summary>A stream that hands out at most a few bytes per read, as a network may.</summary>
    private sealed class TricklingStream(byte[] bytes, int bytesPerRead) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, bytesPerRead)], cancellationToken);
    }

    [Fact]
    public async Task An_empty_event_type_is_the_default_message_type()
    {
        var events = await ReadAsync("event:\ndata: a\n\nevent: gap\ndata: b\n\nevent: \ndata: c\n\n");

        Assert.Equal(["message||a", "gap||b", "message||c"], events);
    }

    [Fact]
    public async Task Data_of_exactly_the_limit_is_kept()
    {
        var events = await ReadAsync($"data: {new string('x', 16)}\n\ndata: {new string('y', 7)}\ndata: {new string('z', 8)}\n\ndata: {new string('w', 17)}\n\n", maxDataBytes: 16);

        Assert.Equal([$"message||{new string('x', 16)}", $"message||{new string('y', 7)}\n{new string('z', 8)}", "message|||too large"], events);
    }
}
