namespace Rx.StatusTracking.Internal;

/// <summary>The per-step transition rules of <see cref="StatusState"/>.</summary>
internal static class StatusTransitions
{
    public static bool IsAllowed(StatusState from, StatusState to) => from switch
    {
        StatusState.Pending => to is StatusState.Executing or StatusState.Completed or StatusState.Failed,
        StatusState.Executing => to is StatusState.Executing or StatusState.Completed or StatusState.Failed,
        StatusState.Failed => to is StatusState.Executing,
        _ => false,
    };
}
