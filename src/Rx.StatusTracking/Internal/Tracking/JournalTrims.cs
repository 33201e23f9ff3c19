namespace Rx.StatusTracking.Internal;

/// <summary>Which bounded lists of a <see cref="StatusJournal"/> an append trimmed in a way that must be reported.</summary>
[Flags]
internal enum JournalTrims
{
    None = 0,
    History = 1,
    Failures = 2,
}
