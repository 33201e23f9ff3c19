namespace Rx.StatusTracking.Internal;

/// <summary>
/// What a tracker's lock section leaves its caller to deliver once the lock is released: a status (or a completion)
/// claimed for direct delivery, and whether the caller claimed the drain of the queue. Filled by the <see cref="TrackerDispatcher"/>'s
/// queueing methods, used by <see cref="TrackerDispatcher.Deliver"/>.
/// </summary>
internal struct DrainClaim
{
    public ChatStatus? Direct;
    public DirectCompletion DirectCompletion;
    public bool MustDrain;
}
