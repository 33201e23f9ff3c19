using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Rx.StatusTracking.Mcp.Tests.Support;

// Forwards what the server writes to the client and keeps a copy, so tests read the JSON-RPC lines in wire order
// (the SDK's client handles incoming messages concurrently, so what its handlers see has no reliable order).
internal sealed class WireRecorder(Stream inner) : Stream
{
    private readonly MemoryStream _copy = new();
    private readonly List<(Func<string[], bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    // Each line: "progress 1/3 Query analyzed" for a progress notification, "result" for a tool call's result.
    public string[] Lines()
    {
        string text;
        lock (_copy)
        {
            text = Encoding.UTF8.GetString(_copy.ToArray());
        }

        // Only whole lines: a write may have ended mid-message.
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Select(Describe)
            .Where(line => line is not null)
            .Select(line => line!)
            .ToArray();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string? Describe(JsonObject message)
    {
        if (message["method"]?.GetValue<string>() == "notifications/progress")
        {
            var p = message["params"]!;
            var total = p["total"]?.GetValue<double>().ToString(CultureInfo.InvariantCulture) ?? "?";
            return $"progress {p["progress"]!.GetValue<double>().ToString(CultureInfo.InvariantCulture)}/{total} {p["message"]}";
        }

        // A tool call's response: a result with content (other responses, e.g. to initialize, are left out), or an error.
        return message["result"]?["content"] is not null ? "result" : message["error"] is not null ? "error" : null;
    }

    /// <summary>Completes once the lines written so far satisfy <paramref name="condition"/> (fails after 30 s).</summary>
    public Task WhenAsync(Func<string[], bool> condition)
    {
        lock (_waiters)
        {
            if (condition(Lines()))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        lock (_copy)
        {
            _copy.Write(bytes);
        }

        lock (_waiters)
        {
            var lines = Lines();
            foreach (var waiter in _waiters.Where(w => w.Condition(lines)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }
}
