using System.Collections.Immutable;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The running state behind <see cref="StatusOperators.AggregateFailures"/>. Reports share structure with
/// the ones before them (immutable sorted sets and lists), so each status costs O(log n) however many failures came
/// before, instead of copying and regrouping every failure.
/// </summary>
internal sealed class FailureAggregate
{
    // Largest group first, then by key: the order FailureReport.Groups promises. Keys are unique, so it is total.
    private static readonly IComparer<FailureGroup> LargestFirst = Comparer<FailureGroup>.Create(static (a, b) =>
        a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Key, b.Key));

    private static readonly ImmutableSortedSet<FailureGroup> NoGroups = ImmutableSortedSet.Create(LargestFirst);

    private readonly Dictionary<string, (FailureGroup Group, ImmutableList<ChatStatus> Failures)> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<int> _failingSteps = [];
    private ImmutableSortedSet<FailureGroup> _groups = NoGroups;
    private ImmutableSortedSet<int> _stillFailing = ImmutableSortedSet<int>.Empty;
    private int _total;

    /// <summary>Applies a status; returns the new report, or <see langword="null"/> when the status changes nothing.</summary>
    public FailureReport? Apply(ChatStatus status)
    {
        if (status.IsReset)
        {
            _byKey.Clear();
            _failingSteps.Clear();
            _groups = NoGroups;
            _stillFailing = ImmutableSortedSet<int>.Empty;
            _total = 0;
            return FailureReport.Empty;
        }

        if (status.State == StatusState.Failed)
        {
            _total++;
            _failingSteps.Add(status.Step);
            _stillFailing = _stillFailing.Add(status.Step);
            AddToGroup(status);
            return Report();
        }

        if (_stillFailing.Contains(status.Step))
        {
            _stillFailing = _stillFailing.Remove(status.Step);
            return Report();
        }

        return null;
    }

    private void AddToGroup(ChatStatus failure)
    {
        var key = FailureGroup.KeyOf(failure.Description);
        var failures = ImmutableList.Create(failure);
        if (_byKey.TryGetValue(key, out var existing))
        {
            // Found by its old count and key, before the larger group replaces it.
            _groups = _groups.Remove(existing.Group);
            failures = existing.Failures.Add(failure);
        }

        var group = new FailureGroup(key, failures);
        _byKey[key] = (group, failures);
        _groups = _groups.Add(group);
    }

    private FailureReport Report() => new()
    {
        TotalFailures = _total,
        DistinctFailingSteps = _failingSteps.Count,
        StepsStillFailing = _stillFailing,
        Groups = _groups,
    };
}
