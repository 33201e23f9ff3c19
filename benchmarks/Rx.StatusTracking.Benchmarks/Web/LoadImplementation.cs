namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>The servers the web-load command measures side by side, by the name its <c>--impl</c> option takes.</summary>
internal static class LoadImplementation
{
    /// <summary>The library's event stream: <c>MapStatusEndpoints(hub)</c> with default options, <c>GET /status/{id}/events</c>.</summary>
    public const string Ours = "ours";

    /// <summary>The library's WebSocket endpoint, <c>/status/{id}/ws</c>, default options.</summary>
    public const string OursWebSocket = "ours-ws";

    /// <summary>A hand-written event stream: a bounded drop-oldest channel per client, one flush per drained batch.</summary>
    public const string Plain = "plain";

    /// <summary>ASP.NET Core SignalR: a group send per status, the .NET client.</summary>
    public const string SignalR = "signalr";

    /// <summary>The client process only: idle raw-socket connections to <see cref="Ours"/>.</summary>
    public const string Idle = "idle";

    /// <summary>The servers measured when <c>--impl</c> is not given, in table order.</summary>
    public static readonly IReadOnlyList<string> All = [Ours, OursWebSocket, Plain, SignalR];
}
