namespace Rx.StatusTracking.Redis.Internal;

/// <summary>What a stream entry is, as <see cref="StatusEntries.Read"/> found it.</summary>
internal enum EntryKind
{
    /// <summary>A status, plain or compressed.</summary>
    Status,

    /// <summary>The completion marker.</summary>
    Completion,

    /// <summary>Not a status: to be skipped and reported.</summary>
    Malformed,
}
