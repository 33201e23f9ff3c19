namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>How one streaming connection ended (<paramref name="TimesPaced"/>: how often it fell behind and was paced).</summary>
internal sealed record ConnectionReport(string OperationId, ConnectionEnd End, int BufferPeak, long Conflated, long Dropped, long Written, int TimesPaced);

/// <summary>Why a streaming connection ended.</summary>
internal enum ConnectionEnd
{
    Completed,
    ClientLeft,
    Stuck,
    Overflowed,
}
