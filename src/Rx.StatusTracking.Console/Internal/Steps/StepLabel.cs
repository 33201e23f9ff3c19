using System.Globalization;

namespace Rx.StatusTracking.Console.Internal;

/// <summary>How the view and the lines name a step: <c>step 2</c>, or <c>step 2 in 1</c> for a child of step 1.</summary>
internal static class StepLabel
{
    public static string Of(int step, int? parentStep) => parentStep is { } parent
        ? string.Create(CultureInfo.InvariantCulture, $"step {step} in {parent}")
        : string.Create(CultureInfo.InvariantCulture, $"step {step}");
}
