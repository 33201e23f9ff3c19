using CsCheck;

namespace Rx.StatusTracking.Tests.Properties;

/// <summary>
/// Random streams with parents and progress figures, as no tracker checked them (parents unknown, the step itself,
/// negative, cycles; figures NaN or out of range) through <see cref="StatusOperators.Progress"/>: the percent stays a
/// number in [0, 100], and wherever the parents form a tree it equals the fractions added up from scratch.
/// </summary>
public class NestedProgressProperties
{
    private static readonly Gen<ChatStatus[]> Streams = Gen.Select(
        Gen.Int[0, 5],
        Gen.Enum<StatusState>(),
        Gen.Frequency((4, (IGen<int?>)Gen.Const((int?)null)), (3, Gen.Int[-1, 5].Select(p => (int?)p))),
        Gen.Frequency((3, (IGen<double?>)Gen.Const((double?)null)), (3, Gen.Double[0, 1].Select(p => (double?)p)), (1, Gen.OneOf<double?>(double.NaN, -0.5, 1.5, 0, 1))),
        Gen.Int[0, 30],
        (step, state, parent, progress, reset) => reset == 0
            ? new ChatStatus { Step = ChatStatus.ResetStep, Description = "reset", State = StatusState.Pending, IsReset = true }
            : new ChatStatus { Step = step, Description = "s", State = state, ParentStep = parent, Progress = progress })
        .Array[0, 40];

    [Fact]
    public void The_percent_stays_in_range_and_adds_up_the_tree_from_scratch()
    {
        Streams.Sample(
            statuses =>
            {
                var percents = new List<double>();
                using (statuses.ToObservable().Progress().Subscribe(p => percents.Add(p.Percent)))
                {
                }

                Assert.Equal(statuses.Length, percents.Count);
                for (var i = 0; i < statuses.Length; i++)
                {
                    Assert.InRange(percents[i], 0, 100);
                    if (FromScratch(statuses.Take(i + 1)) is { } expected)
                    {
                        // Fractions are summed in units of 2^-32 of a step: exact sums, each figure within a few units.
                        Assert.InRange(percents[i], expected - 1e-6, expected + 1e-6);
                    }
                }
            },
            iter: 5_000,
            print: statuses => string.Join(", ", statuses.Select(s => s.IsReset ? "reset" : $"{s.Step}{s.State.ToString()[0]}^{s.ParentStep}~{s.Progress}")));
    }

    // The definition, plainly: each step's parent from its first status (a negative one or the step itself means none),
    // its latest status; a finished step counts 1, an executing one with a figure that figure (clamped, NaN as 0), another
    // one with children their mean, else 0. Null when the parents form a cycle (the definition does not apply).
    private static double? FromScratch(IEnumerable<ChatStatus> statuses)
    {
        var parents = new Dictionary<int, int?>();
        var latest = new Dictionary<int, ChatStatus>();
        foreach (var status in statuses)
        {
            if (status.IsReset)
            {
                parents.Clear();
                latest.Clear();
                continue;
            }

            if (!latest.ContainsKey(status.Step))
            {
                parents[status.Step] = status.ParentStep is { } p && p >= 0 && p != status.Step ? p : null;
            }

            latest[status.Step] = status;
        }

        foreach (var step in parents.Keys)
        {
            var seen = new HashSet<int>();
            for (int? at = step; at is { } current; at = parents.GetValueOrDefault(current))
            {
                if (!seen.Add(current))
                {
                    return null;
                }
            }
        }

        double Fraction(int step)
        {
            var status = latest[step];
            if (status.IsTerminal)
            {
                return 1;
            }

            if (status.State == StatusState.Executing && status.Progress is { } own)
            {
                return own >= 0 ? Math.Min(own, 1) : 0;
            }

            var children = parents.Where(p => p.Value == step).Select(p => p.Key).ToList();
            return children.Count == 0 ? 0 : children.Average(Fraction);
        }

        return latest.Count == 0 ? 0 : Math.Min(100, 100 * latest.Keys.Sum(Fraction) / latest.Count);
    }
}
