using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// Progress over a status stream.
public static partial class StatusOperators
{
    /// <summary>
    /// A <see cref="ProgressSnapshot"/> after every status: counts per state, a percentage in [0, 100] (of
    /// <paramref name="expectedSteps"/> when given, else of the steps seen), rates, elapsed time and, with
    /// <paramref name="expectedSteps"/>, an estimate of the time left. A reset marker starts over at 0%.
    /// </summary>
    /// <remarks>
    /// <code>
    /// source:  --1E----1C----2E----2C--|   (expectedSteps: 4)
    /// output:  --0%----25%---25%---50%-|
    /// </code>
    /// Counting is incremental: a snapshot costs O(1) plus its own allocation.
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="expectedSteps">How many steps the operation will have, if known (1 or more).</param>
    /// <returns>One snapshot per status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedSteps"/> is less than 1.</exception>
    public static IObservable<ProgressSnapshot> Progress(this IObservable<ChatStatus> source, int? expectedSteps = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (expectedSteps is { } expected)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(expected, 1, nameof(expectedSteps));
        }

        return Observable.Create<ProgressSnapshot>(observer => new ProgressSink(observer, expectedSteps).Run(source));
    }

    private sealed class ProgressSink(IObserver<ProgressSnapshot> observer, int? expectedSteps) : FoldSink<ProgressSnapshot>(observer)
    {
        private readonly StepTable _table = new();

        protected override ProgressSnapshot Apply(ChatStatus status)
        {
            _table.ApplyOrReset(status);
            return _table.ToProgress(expectedSteps);
        }
    }
}
