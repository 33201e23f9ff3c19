namespace Rx.StatusTracking.Tests.Properties;

/// <summary>
/// The tracker's rules written plainly (lists and dictionaries, no Rx, no locks): what a tracker with the same options
/// must hold after the same operations. The model-based property compares the two after every operation.
/// </summary>
internal sealed class TrackerModel(bool strict, int historyLimit, int maxDescriptionLength)
{
    private readonly Dictionary<int, ModelStep> _steps = [];

    // Steps reserved and not recorded yet, with the parent each was reserved under.
    private readonly Dictionary<int, int?> _reserved = [];
    private int _highestStep;

    public List<ModelStatus> History { get; } = [];

    public List<ModelStatus> Failures { get; } = [];

    /// <summary>What a subscriber must have received: sequence and whether it was a reset marker.</summary>
    public List<(long Sequence, bool IsReset)> Delivered { get; } = [];

    public long Sequence { get; private set; }

    public bool Completed { get; private set; }

    public IReadOnlyDictionary<int, ModelStep> Steps => _steps;

    /// <summary>
    /// Applies a report; returns the exception type a strict tracker throws, or null. <paramref name="keepDescription"/>:
    /// through <see cref="ChatStatusTracker.ReportProgress"/> with no description.
    /// </summary>
    public Type? Report(int step, string? description, StatusState state, int? parent = null, double? progress = null, bool keepDescription = false)
    {
        if (keepDescription)
        {
            description = _steps.TryGetValue(step, out var known) ? known.Description : ChatStatusMessages.ForState(Math.Max(step, 0), StatusState.Executing);
        }

        if (step < 0)
        {
            if (strict)
            {
                return typeof(ArgumentOutOfRangeException);
            }

            step = 0;
        }

        if ((uint)state > (uint)StatusState.AwaitingInput)
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

        if (progress is { } figure && state != StatusState.Executing)
        {
            if (strict)
            {
                return typeof(ArgumentException);
            }

            progress = null;
        }
        else if (progress is { } outside && outside is not (>= 0 and <= 1))
        {
            if (strict)
            {
                return typeof(ArgumentOutOfRangeException);
            }

            progress = outside > 1 ? 1 : 0;
        }

        if (Completed)
        {
            return strict ? typeof(InvalidOperationException) : null;
        }

        var exists = _steps.TryGetValue(step, out var entry);
        if (parent is { } given && !ParentAllowed(step, given, exists, entry))
        {
            if (strict)
            {
                return typeof(InvalidParentStepException);
            }

            parent = null;
        }

        if (exists && !Allowed(entry!.State, state))
        {
            return strict ? typeof(InvalidStatusTransitionException) : null;
        }

        if (!exists)
        {
            _highestStep = Math.Max(_highestStep, step);
            entry = new ModelStep { Parent = _reserved.Remove(step, out var reservedParent) ? reservedParent : parent };
            _steps[step] = entry;
        }

        if (state == StatusState.Executing && !entry!.AttemptOpen)
        {
            entry.Attempts++;
            entry.AttemptOpen = true;
        }
        else if (state is not (StatusState.Executing or StatusState.AwaitingInput))
        {
            entry!.AttemptOpen = false;
        }

        (entry!.State, entry.Description, entry.Progress) = (state, description, progress);
        var recorded = new ModelStatus(++Sequence, step, description, state, entry.Parent, progress);
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
        _reserved.Clear();
        _highestStep = 0;
        Delivered.Add((++Sequence, true));
        return null;
    }

    public void Complete() => Completed = true;

    /// <summary>The number <see cref="ChatStatusTracker.ReserveStep()"/> must give: one above every step recorded or reserved since the last reset.</summary>
    public int ReserveStep()
    {
        _reserved[++_highestStep] = null;
        return _highestStep;
    }

    /// <summary><see cref="ChatStatusTracker.ReserveStep(int)"/>: the number, or the exception type a strict tracker throws.</summary>
    public (int? Step, Type? Thrown) ReserveStep(int parent)
    {
        if (!IsKnown(parent))
        {
            return strict ? (null, typeof(InvalidParentStepException)) : (ReserveStep(), null);
        }

        _reserved[++_highestStep] = parent;
        return (_highestStep, null);
    }

    /// <summary>The percent of <see cref="ChatStatusTracker.GetProgress"/>, added up from scratch over the tree.</summary>
    public double Percent()
    {
        double Fraction(int step)
        {
            var entry = _steps[step];
            if (entry.State is StatusState.Completed or StatusState.Failed)
            {
                return 1;
            }

            if (entry.State == StatusState.Executing && entry.Progress is { } own)
            {
                return own;
            }

            var children = _steps.Where(s => s.Value.Parent == step).Select(s => s.Key).ToList();
            return children.Count == 0 ? 0 : children.Average(Fraction);
        }

        return _steps.Count == 0 ? 0 : 100 * _steps.Keys.Sum(Fraction) / _steps.Count;
    }

    private bool IsKnown(int step) => step >= 0 && (_steps.ContainsKey(step) || _reserved.ContainsKey(step));

    // A step's parent is fixed by its first status or its reservation; a new one must be known and not the step itself.
    private bool ParentAllowed(int step, int parent, bool exists, ModelStep? entry)
    {
        if (exists)
        {
            return entry!.Parent == parent;
        }

        if (_reserved.TryGetValue(step, out var reservedParent))
        {
            return reservedParent == parent;
        }

        return parent != step && IsKnown(parent);
    }

    private static bool Allowed(StatusState from, StatusState to) => (from, to) switch
    {
        (StatusState.Pending, not StatusState.Pending) => true,
        (StatusState.Executing, not StatusState.Pending) => true,
        (StatusState.AwaitingInput, not StatusState.Pending) => true,
        (StatusState.Failed, StatusState.Executing) => true,
        _ => false,
    };

    private void Append(List<ModelStatus> list, ModelStatus item)
    {
        list.Add(item);
        if (list.Count > historyLimit)
        {
            list.RemoveAt(0);
        }
    }
}

/// <summary>A recorded status as the model sees it.</summary>
internal sealed record ModelStatus(long Sequence, int Step, string Description, StatusState State, int? Parent, double? Progress);

/// <summary>A step as the model sees it.</summary>
internal sealed class ModelStep
{
    public StatusState State { get; set; }

    public string Description { get; set; } = "";

    public int Attempts { get; set; }

    public bool AttemptOpen { get; set; }

    public int? Parent { get; init; }

    public double? Progress { get; set; }
}
