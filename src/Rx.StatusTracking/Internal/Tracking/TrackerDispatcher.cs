using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// A tracker's delivery: its status and error subscribers, its callback, and the queue they are served from. Lock
/// sections of the tracker queue what they recorded (the <c>Queue…</c> methods, which fill a <see cref="DrainClaim"/>);
/// after the lock, <see cref="Deliver"/> hands it on, one call at a time, in sequence order, never under the lock.
/// Every throw from user code is isolated and reported as an error queued behind what is being delivered.
/// </summary>
internal sealed class TrackerDispatcher : IDeliveryTarget<TrackerDelivery>
{
    private readonly DeliveryQueue<TrackerDelivery> _queue = new();
    private readonly Action<ChatStatus>? _onStatus;
    private readonly StatusClock _clock;
    private readonly Action<Exception, ChatStatus> _onStatusFault;
    private readonly Action<Exception, ChatStatus> _onReplayFault;
    private readonly Action<Exception> _onCompletedFault;
    private readonly TaskCompletionSource _completion = new();
    private long _errorSequence;

    public TrackerDispatcher(Action<ChatStatus>? onStatus, StatusClock clock)
    {
        _onStatus = onStatus;
        _clock = clock;
        _onStatusFault = (exception, status) => ReportFromDelivery(StatusTrackingErrorKind.SubscriberFailed, "A subscriber threw from OnNext; delivery to the others went on.", status, exception);
        _onReplayFault = (exception, status) => ReportFromDelivery(StatusTrackingErrorKind.SubscriberFailed, "A subscriber threw from OnNext during its history replay; the replay went on.", status, exception);
        _onCompletedFault = exception => ReportFromDelivery(StatusTrackingErrorKind.SubscriberFailed, "A subscriber threw from OnCompleted.", status: null, exception);
    }

    public SubscriberList<ChatStatus> Subscribers { get; } = new();

    /// <summary>Completes once the tracker's completion has been delivered to every status subscriber.</summary>
    public Task Completion => _completion.Task;

    public SubscriberList<StatusTrackingError> ErrorSubscribers { get; } = new();

    /// <summary>The position of the latest queued error: error subscribers start after it.</summary>
    public long ErrorSequence => Interlocked.Read(ref _errorSequence);

    /// <summary>
    /// Queues a recorded status (or reset marker); when nothing is queued or being delivered it is claimed for direct
    /// delivery instead, since it is then next in sequence order. Anything this lock section queued before keeps the
    /// queue busy, so it is never overtaken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void QueueStatus(ChatStatus status, ref DrainClaim claim)
    {
        if (_queue.TryClaimIdleUnderLock())
        {
            claim.Direct = status;
        }
        else
        {
            claim.MustDrain |= _queue.Enqueue(TrackerDelivery.OfStatus(status));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void QueueError(StatusTrackingError error, ref DrainClaim claim) =>
        claim.MustDrain |= _queue.Enqueue(TrackerDelivery.OfError(error, Interlocked.Increment(ref _errorSequence)));

    public void QueueReplay(Subscription<ChatStatus> subscription, ref DrainClaim claim) =>
        claim.MustDrain |= _queue.Enqueue(TrackerDelivery.OfReplay(subscription));

    // The subscribers to complete are taken when the completion is delivered, not when it is queued: statuses queued
    // before it, still undelivered while another thread drains, must reach them first. Claimed directly when idle, as a
    // status is, so a tracker that never had to queue never creates its queue.
    public void QueueCompletion(ref DrainClaim claim)
    {
        if (!TryClaimDirect(DirectCompletion.Statuses, ref claim))
        {
            claim.MustDrain |= _queue.Enqueue(TrackerDelivery.OfCompletion());
        }
    }

    /// <summary>Queues the completion of <see cref="ErrorSubscribers"/>: the given ones, or (null) every one subscribed when it is delivered.</summary>
    public void QueueErrorsCompletion(Subscription<StatusTrackingError>[]? subscriptions, ref DrainClaim claim)
    {
        if (subscriptions is not null || !TryClaimDirect(DirectCompletion.Errors, ref claim))
        {
            claim.MustDrain |= _queue.Enqueue(TrackerDelivery.OfErrorsCompletion(subscriptions));
        }
    }

    /// <summary>Delivers what a lock section claimed; call it after releasing the lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Deliver(in DrainClaim claim)
    {
        if (claim.Direct is { } direct)
        {
            DeliverStatus(direct);
            _queue.ReleaseClaim(this);
        }
        else if (claim.MustDrain)
        {
            _queue.Drain(this);
        }
        else if (claim.DirectCompletion != DirectCompletion.None)
        {
            if (claim.DirectCompletion == DirectCompletion.Statuses)
            {
                DeliverCompletion();
            }
            else
            {
                SubscriberList<StatusTrackingError>.DeliverCompleted(ErrorSubscribers.TakeAll(), onFault: null);
            }

            _queue.ReleaseClaim(this);
        }
    }

    // A completion alone in its lock section, with nothing queued or being delivered, is next in order: claimed like a status.
    private bool TryClaimDirect(DirectCompletion completion, ref DrainClaim claim)
    {
        if (claim.MustDrain || claim.Direct is not null || claim.DirectCompletion != DirectCompletion.None || !_queue.TryClaimIdleUnderLock())
        {
            return false;
        }

        claim.DirectCompletion = completion;
        return true;
    }

    void IDeliveryTarget<TrackerDelivery>.Deliver(TrackerDelivery delivery)
    {
        switch (delivery.Kind)
        {
            case TrackerDeliveryKind.Status:
                DeliverStatus(delivery.Status!);
                break;
            case TrackerDeliveryKind.Replay:
                SubscriberList<ChatStatus>.DeliverReplay(delivery.Replay!, _onReplayFault, _onCompletedFault);
                break;
            case TrackerDeliveryKind.Completed:
                DeliverCompletion();
                break;
            case TrackerDeliveryKind.Error:
                // An Errors subscriber that throws cannot be reported on Errors without looping: ignored.
                ErrorSubscribers.DeliverNext(delivery.Error!, delivery.ErrorId, onFault: null);
                break;
            case TrackerDeliveryKind.ErrorsCompleted:
                SubscriberList<StatusTrackingError>.DeliverCompleted(delivery.ErrorsCompleted ?? ErrorSubscribers.TakeAll(), onFault: null);
                break;
        }
    }

    private void DeliverCompletion()
    {
        SubscriberList<ChatStatus>.DeliverCompleted(Subscribers.TakeAll(), _onCompletedFault);
        _completion.TrySetResult();
    }

    private void DeliverStatus(ChatStatus status)
    {
        if (_onStatus is { } callback)
        {
            try
            {
                callback(status);
            }
            catch (Exception exception)
            {
                ReportFromDelivery(StatusTrackingErrorKind.CallbackFailed, "The status callback threw; delivery went on.", status, exception);
            }
        }

        Subscribers.DeliverNext(status, status.Sequence, _onStatusFault);
    }

    // Runs on the draining thread, outside the lock: the error is queued behind what is being delivered (the drain
    // holds the queue busy, so queueing never claims a second drain).
    private void ReportFromDelivery(StatusTrackingErrorKind kind, string message, ChatStatus? status, Exception exception)
    {
        var claim = default(DrainClaim);
        QueueError(new StatusTrackingError(kind, message, _clock.Now) { Status = status, Exception = exception }, ref claim);
        System.Diagnostics.Debug.Assert(!claim.MustDrain, "The draining thread holds the queue busy.");
    }
}
