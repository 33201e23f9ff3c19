using System.Text;

namespace Rx.StatusTracking.AspNetCore.Tests.Support;

/// <summary>One event of a <c>text/event-stream</c>, or a comment line (heartbeat).</summary>
internal sealed record SseEvent(string? Id, string Event, string Data, string? Comment = null)
{
    public ChatStatus Status => StatusJson.Deserialize(Data);
}

/// <summary>Reads a <c>text/event-stream</c> response as the SSE specification parses it.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public int? Retry { get; private set; }

    /// <summary>The next event or comment; <see langword="null"/> when the response ended.</summary>
    public async Task<SseEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        string? id = null;
        string type = "message";
        var data = new StringBuilder();
        var any = false;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (any)
                {
                    return new SseEvent(id, type, data.ToString());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                return new SseEvent(null, "comment", "", line[1..].Trim());
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; any = true; break;
                case "event": type = value; any = true; break;
                case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); any = true; break;
                case "retry": Retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }

        return null;
    }

    /// <summary>Every event until the response ends, comments left out.</summary>
    public async Task<List<SseEvent>> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        var events = new List<SseEvent>();
        while (await ReadAsync(cancellationToken) is { } next)
        {
            if (next.Comment is null)
            {
                events.Add(next);
            }
        }

        return events;
    }

    /// <summary>The next <paramref name="count"/> events, comments left out.</summary>
    public async Task<List<SseEvent>> ReadEventsAsync(int count, CancellationToken cancellationToken = default)
    {
        var events = new List<SseEvent>();
        while (events.Count < count && await ReadAsync(cancellationToken) is { } next)
        {
            if (next.Comment is null)
            {
                events.Add(next);
            }
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();
}
