namespace Rx.StatusTracking.Internal;

/// <summary>A completion claimed for direct delivery (see <see cref="DrainClaim"/>).</summary>
internal enum DirectCompletion : byte
{
    None,

    /// <summary>The status subscribers' completion.</summary>
    Statuses,

    /// <summary>The completion of every error subscriber (the tracker is disposed).</summary>
    Errors,
}
