using System.Text.Json;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// What one client measured. It reads only what it measures from each status (step, state, timestamp), as a light
/// browser script would: the clients share the server's two cores, and full parsing would measure them, not the server.
/// </summary>
internal sealed class FollowerTally
{
    private static readonly byte[] StepName = "step"u8.ToArray();
    private static readonly byte[] StateName = "state"u8.ToArray();
    private static readonly byte[] TimestampName = "timestamp"u8.ToArray();
    private static readonly byte[] CompletedState = "Completed"u8.ToArray();
    private readonly bool[] _endings = new bool[StatusProduction.Steps + 1];
    private volatile bool _closed;

    /// <summary>Receive time minus each status's timestamp, in milliseconds, for the statuses of steps 1 and up.</summary>
    public List<float> Latencies { get; } = [];

    /// <summary>The statuses of steps 1 and up received (step 0's first status is not part of the run).</summary>
    public int Received { get; private set; }

    /// <summary>How many steps' final Completed status arrived.</summary>
    public int Endings { get; private set; }

    /// <summary>Whether the transport's completion (event, close or message) arrived.</summary>
    public bool Completed { get; private set; }

    /// <summary>Completes when the stream ends, whether with the completion or not.</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Receive(ReadOnlySpan<byte> json, DateTimeOffset now)
    {
        if (_closed)
        {
            return;
        }

        int? step = null;
        bool? completed = null;
        DateTimeOffset? timestamp = null;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while ((step is null || completed is null || timestamp is null) && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(StepName) && reader.Read())
            {
                step = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(StateName) && reader.Read())
            {
                completed = reader.ValueTextEquals(CompletedState);
            }
            else if (reader.ValueTextEquals(TimestampName) && reader.Read())
            {
                timestamp = reader.GetDateTimeOffset();
            }
            else if (reader.Read())
            {
                reader.Skip();
            }
        }

        if (step is not { } number || number < 1 || timestamp is not { } stamped)
        {
            return;
        }

        Received++;
        Latencies.Add((float)(now - stamped).TotalMilliseconds);
        if (completed == true && number <= StatusProduction.Steps && !_endings[number])
        {
            _endings[number] = true;
            Endings++;
        }
    }

    public void Complete()
    {
        Completed |= !_closed;
        Ended.TrySetResult();
    }

    public void End() => Ended.TrySetResult();

    /// <summary>
    /// At the drain deadline: what a client still reads afterwards (a backlog already in its socket buffer, read before
    /// the cancellation is seen) is not counted.
    /// </summary>
    public void Close() => _closed = true;
}
