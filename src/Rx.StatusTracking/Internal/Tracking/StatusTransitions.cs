using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>The per-step transition rules of <see cref="StatusState"/>, and the one test of a defined state.</summary>
internal static class StatusTransitions
{
    // Bit (from * 5 + to) is set when the transition is allowed (Pending 0, Executing 1, Completed 2, Failed 3, AwaitingInput 4):
    // Pending → Executing | Completed | Failed | AwaitingInput; Executing → Executing | Completed | Failed | AwaitingInput;
    // Failed → Executing; AwaitingInput → Executing | Completed | Failed | AwaitingInput.
    private const uint Allowed =
        (1u << ((0 * 5) + 1)) | (1u << ((0 * 5) + 2)) | (1u << ((0 * 5) + 3)) | (1u << ((0 * 5) + 4))
        | (1u << ((1 * 5) + 1)) | (1u << ((1 * 5) + 2)) | (1u << ((1 * 5) + 3)) | (1u << ((1 * 5) + 4))
        | (1u << ((3 * 5) + 1))
        | (1u << ((4 * 5) + 1)) | (1u << ((4 * 5) + 2)) | (1u << ((4 * 5) + 3)) | (1u << ((4 * 5) + 4));

    /// <summary>Whether <paramref name="state"/> is a defined <see cref="StatusState"/> (a cast integer may not be).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDefined(StatusState state) => (uint)state <= (uint)StatusState.AwaitingInput;

    /// <summary>Whether a step in state <paramref name="from"/> may report <paramref name="to"/> (both defined values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAllowed(StatusState from, StatusState to) => ((Allowed >> (((int)from * 5) + (int)to)) & 1) != 0;
}
