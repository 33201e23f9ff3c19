namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>One load: how many clients follow the operation, and how many statuses a second it produces for how long.</summary>
internal sealed record LoadScenario(int Clients, int Rate, int Seconds)
{
    /// <summary>The scenarios run when none is chosen: many clients at a moderate and a high rate, few at the high rate.</summary>
    public static readonly IReadOnlyList<LoadScenario> Defaults = [new(200, 1_000, 10), new(200, 10_000, 10), new(20, 10_000, 10)];
}
