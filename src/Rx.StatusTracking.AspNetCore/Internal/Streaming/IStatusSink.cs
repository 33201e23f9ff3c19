namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>One client connection's way of writing (an event stream or a WebSocket).</summary>
internal interface IStatusSink
{
    WebTransport Transport { get; }

    ValueTask WriteStatusAsync(ChatStatus status, CancellationToken cancellationToken);

    ValueTask WriteGapAsync(StreamGap gap, CancellationToken cancellationToken);

    ValueTask WriteHeartbeatAsync(CancellationToken cancellationToken);

    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>The operation ended: say how, then end the connection normally.</summary>
    ValueTask CompleteAsync(OperationCompletion completion, CancellationToken cancellationToken);

    /// <summary>The client fell too far behind: end the connection so that it resumes from the history.</summary>
    ValueTask OverflowAsync(CancellationToken cancellationToken);
}
