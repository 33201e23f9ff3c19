namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// An event-stream client (the library's and the plain baseline's): reads the raw bytes, splits lines itself, hands
/// each unnamed event's data to the tally, and a <c>complete</c> event ends it.
/// </summary>
internal static class SseFollower
{
    /// <summary>Connects; the returned task's task completes when the stream ends or <paramref name="stop"/> fires.</summary>
    public static async Task<Task> ConnectAsync(HttpClient http, Uri events, FollowerTally tally, CancellationToken stop)
    {
        var response = await http.GetAsync(events, HttpCompletionOption.ResponseHeadersRead, stop);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(stop);
        return ReadAsync(response, stream, tally, stop);
    }

    private static async Task ReadAsync(HttpResponseMessage response, Stream stream, FollowerTally tally, CancellationToken stop)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        var eventName = EventName.None;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), stop);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var consumed = Parse(buffer.AsSpan(0, filled), DateTimeOffset.UtcNow, tally, ref eventName);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            await stream.DisposeAsync();
            response.Dispose();
            tally.End();
        }
    }

    // Complete lines only; returns the bytes consumed.
    private static int Parse(ReadOnlySpan<byte> text, DateTimeOffset now, FollowerTally tally, ref EventName eventName)
    {
        var consumed = 0;
        int end;
        while ((end = text[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            var line = text.Slice(consumed, end);
            consumed += end + 1;
            if (line.IsEmpty)
            {
                eventName = EventName.None;
            }
            else if (line.StartsWith("event: "u8))
            {
                eventName = line[7..].SequenceEqual("complete"u8) ? EventName.Complete : EventName.Other;
            }
            else if (line.StartsWith("data: "u8))
            {
                if (eventName == EventName.None)
                {
                    tally.Receive(line[6..], now);
                }
                else if (eventName == EventName.Complete)
                {
                    tally.Complete();
                }
            }
        }

        return consumed;
    }

    private enum EventName
    {
        None,
        Complete,
        Other,
    }
}
