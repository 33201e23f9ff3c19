using System.Reactive.Concurrency;

namespace Rx.StatusTracking.Mcp;

/// <summary>
/// Settings of the MCP progress bridge (<see cref="McpProgressExtensions.ToMcpProgress"/>,
/// <c>SendMcpProgressAsync</c>), validated when the bridge is built.
/// </summary>
public sealed class McpProgressOptions
{
    /// <summary>The default <see cref="Window"/>: 200 milliseconds, at most five notifications a second.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// At most one notification per window (more than zero; default <see cref="DefaultWindow"/>): the first at once,
    /// then the newest of each window in which anything changed, and the last one when the status stream completes.
    /// </summary>
    public TimeSpan Window { get; set; } = DefaultWindow;

    /// <summary>The clock and timers of the window; <see cref="Scheduler.Default"/> by default, a <c>TestScheduler</c> in tests.</summary>
    public IScheduler Scheduler { get; set; } = System.Reactive.Concurrency.Scheduler.Default;

    /// <summary>
    /// How many steps the work will have (1 or more), when known: it is sent as the notifications' <c>total</c>.
    /// Without it <c>total</c> is left out and <c>progress</c> counts the steps done so far.
    /// </summary>
    public int? ExpectedSteps { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(Window));
        ArgumentNullException.ThrowIfNull(Scheduler, nameof(Scheduler));
        if (ExpectedSteps is { } expected)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(expected, 1, nameof(ExpectedSteps));
        }
    }
}
