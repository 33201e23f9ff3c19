namespace Rx.StatusTracking;

/// <summary>What a <see cref="StatusHub"/> with a memory budget (<see cref="StatusHubOptions.MaxRetainedBytes"/>) is doing about it now.</summary>
public enum RetentionPressure
{
    /// <summary>Within budget, and not over it in the last minute (or no budget).</summary>
    None = 0,

    /// <summary>Shedding the histories of completed operations (summaries and failures kept): the budget doing its job.</summary>
    SheddingCompletedHistories = 1,

    /// <summary>Cutting running operations' histories to each step's latest status and every ending: late readers see less.</summary>
    CuttingRunningHistories = 2,

    /// <summary>Over budget with nothing left to shed: new operations are refused with <see cref="StatusHubFullException"/>.</summary>
    RefusingOperations = 3,
}
