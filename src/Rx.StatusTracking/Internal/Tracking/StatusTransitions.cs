using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>The per-step transition rules of <see cref="StatusState"/>.</summary>
internal static class StatusTransitions
{
    // Bit (from * 4 + to) is set when the transition is allowed:
    // Pending → Executing | Completed | Failed; Executing → Executing | Completed | Failed; Failed → Executing.
    private const uint Allowed =
        (1u << ((0 * 4) + 1)) | (1u << ((0 * 4) + 2)) | (1u << ((0 * 4) + 3))
        | (1u << ((1 * 4) + 1)) | (1u << ((1 * 4) + 2)) | (1u << ((1 * 4) + 3))
        | (1u << ((3 * 4) + 1));

    /// <summary>Whether a step in state <paramref name="from"/> may report <paramref name="to"/> (both defined values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAllowed(StatusState from, StatusState to) => ((Allowed >> (((int)from * 4) + (int)to)) & 1) != 0;
}
