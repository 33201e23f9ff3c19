namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>A run the endpoint serves: its thread and its events.</summary>
internal sealed record RunEntry(string ThreadId, string RunId, RunLog Log);
