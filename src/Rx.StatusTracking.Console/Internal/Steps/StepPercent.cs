namespace Rx.StatusTracking.Console.Internal;

/// <summary>A running step's own figure (<see cref="ChatStatus.Progress"/>) as a whole percentage, for the view and the lines alike.</summary>
internal static class StepPercent
{
    /// <summary>The fraction done in whole percent, rounded; 100 only for a figure of 1, so a running step never reads as done.</summary>
    public static int Of(double fraction)
    {
        var percent = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 100, MidpointRounding.AwayFromZero);
        return percent == 100 && fraction < 1 ? 99 : percent;
    }
}
