namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The arguments dictionary itself could not be read (its count or its enumeration threw), so no argument can be
/// recorded; <see cref="Exception.InnerException"/> says why. A value inside it that cannot be copied never throws: it
/// is recorded as <see cref="ArgumentCopy.CouldNotCopy(Exception)"/>.
/// </summary>
internal sealed class UnreadableArgumentsException(Exception cause)
    : Exception($"The arguments could not be read ({cause.GetType().Name}: {cause.Message}).", cause);
