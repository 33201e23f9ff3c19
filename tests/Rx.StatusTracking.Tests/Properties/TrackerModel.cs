namespace Rx.StatusTracking.Tests.Properties;

/// <summary>
/// The tracker's rules written plainly (a list and a dictionary, no Rx, no locks): what a tracker with the same options
/// must hold after the same operations. The model-based property compares the two after every operation.
/// </summary>
internal sealed class TrackerModel(bool strict, int historyLimit, int maxDescriptionLength)
{
    private readonly Dictionary<int, (StatusState State, string Description, int Attempts)> _steps = [];
    private int _highestStep;

    public List<(long Sequence, int Step, string Description, StatusState State)> History { get; } = [];

    public List<(long Sequence, int Step, string Description, StatusState State)> Failures { get; } = [];

    /// <summary>What a subscriber must have received: sequence and whether it was a reset marker.</summary>
    public List<(long Sequence, bool IsReset)> Delivered { get; } = [];

    public long Sequence { get; private set; }

    public bool Completed { get; private set; }

    public IReadOnlyDictionary<int, (StatusState State, string Description, int Attempts)> Steps => _steps;

    /// <summary>Applies a report; returns the exception type a strict tracker throws, or null.</summary>
    public Type? Report(int step, string? description, StatusState state)
    {
        if (step < 0)
        {
            if (strict)
            {
                return typeof(ArgumentOutOfRangeException);
            }

            step = 0;
        }

        if ((uint)state > (uint)StatusState.Failed)
        {
            if (strict)
            {
                return typeof(ArgumentOutOfRangeException);
            }

            state = StatusState.Executing;
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            if (strict)
            {
                return typeof(ArgumentException);
            }

            description = ChatStatusMessages.ForState(step, state);
        }
        else if (description.Length > maxDescriptionLength)
        {
            if (strict)
            {
                return typeof(ArgumentException);
            }

            description = string.Concat(description.AsSpan(0, maxDescriptionLength - 1), "…");
        }

        if (Completed)
        {
            return strict ? typeof(InvalidOperationException) : null;
        }

        if (_steps.TryGetValue(step, out var entry) && !Allowed(entry.State, state))
        {
            return strict ? typeof(InvalidStatusTransitionException) : null;
        }

        if (!_steps.ContainsKey(step))
        {
            _highestStep = Math.Max(_highestStep, step);
        }

        var attempts = entry.Attempts + (state == StatusState.Executing && (!_steps.ContainsKey(step) || entry.State != StatusState.Executing) ? 1 : 0);
        _steps[step] = (state, description, attempts);
        var recorded = (++Sequence, step, description, state);
        Append(History, recorded);
        if (state == StatusState.Failed)
        {
            Append(Failures, recorded);
        }

        Delivered.Add((Sequence, false));
        return null;
    }

    public Type? Reset()
    {
        if (Completed)
        {
            return strict ? typeof(InvalidOperationException) : null;
        }

        History.Clear();
        Failures.Clear();
        _steps.Clear();
        _highestStep = 0;
        Delivered.Add((++Sequence, true));
        return null;
    }

    public void Complete() => Completed = true;

    /// <summary>The number <see cref="ChatStatusTracker.ReserveStep"/> must give: one above every step recorded or reserved since the last reset.</summary>
    public int ReserveStep() => ++_highestStep;

    private static bool Allowed(StatusState from, StatusState to) => (from, to) switch
    {
        (StatusState.Pending, not StatusState.Pending) => true,
        (StatusState.Executing, not StatusState.Pending) => true,
        (StatusState.Failed, StatusState.Executing) => true,
        _ => false,
    };

    private void Append(List<(long, int, string, StatusState)> list, (long, int, string, StatusState) item)
    {
        list.Add(item);
        if (list.Count > historyLimit)
        {
            list.RemoveAt(0);
        }
    }
}
