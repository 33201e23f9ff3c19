namespace Rx.StatusTracking.Internal;

/// <summary>
/// The sum of some steps' fractions done (see <see cref="StepTable"/>): finished steps counted whole, the others'
/// fractions in fixed-point units of 2^-32. Updated by difference as steps change, and integer sums are exact: after any
/// number of updates the figures are what adding them up from scratch gives, and steps that all ended add up to exactly
/// their number.
/// </summary>
internal struct FractionSum
{
    /// <summary>One whole step, in units.</summary>
    public const long Whole = 1L << 32;

    /// <summary>How many steps are summed.</summary>
    public int Count;

    /// <summary>How many of them are finished (each counts one whole step).</summary>
    public int Finished;

    /// <summary>The unfinished steps' fractions, in units.</summary>
    public long Partial;

    /// <summary>The sum of the fractions in steps: finished steps plus the fractions of the others.</summary>
    public readonly double Total => Finished + ((double)Partial / Whole);

    /// <summary>The mean fraction in units, in [0, <see cref="Whole"/>]; 0 with no step.</summary>
    public readonly long Mean => Count == 0 ? 0 : ((Finished * Whole) + Partial) / Count;

    /// <summary>A fraction in [0, 1] (NaN read as 0) in units.</summary>
    public static long ToUnits(double fraction) => fraction >= 0 ? (long)Math.Round(Math.Min(fraction, 1) * Whole) : 0;

    /// <summary>Adds a step with its fraction in units (ignored when <paramref name="finished"/>: then it counts whole).</summary>
    public void Add(long units, bool finished)
    {
        Count++;
        if (finished)
        {
            Finished++;
        }
        else
        {
            Partial += units;
        }
    }

    /// <summary>Removes a step added with these figures.</summary>
    public void Remove(long units, bool finished)
    {
        Count--;
        if (finished)
        {
            Finished--;
        }
        else
        {
            Partial -= units;
        }
    }
}
