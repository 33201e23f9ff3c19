namespace Rx.StatusTracking.Console.Internal;

/// <summary>The progress figures of running steps, read from a tracker's history.</summary>
internal static class RunningProgress
{
    /// <summary>
    /// In one pass over <paramref name="history"/> (in sequence order): each step whose latest status is
    /// <see cref="StatusState.Executing"/> with a <see cref="ChatStatus.Progress"/>, and that figure. A status without a
    /// figure ends its step's, as on the tracker: a figure belongs to its own status. A tracker's history holds no
    /// reset marker (a reset clears it), so every status here is a step's.
    /// </summary>
    public static Dictionary<int, double> Of(IReadOnlyList<ChatStatus> history)
    {
        var figures = new Dictionary<int, double>();
        foreach (var status in history)
        {
            if (status is { State: StatusState.Executing, Progress: { } progress })
            {
                figures[status.Step] = progress;
            }
            else
            {
                figures.Remove(status.Step);
            }
        }

        return figures;
    }
}
