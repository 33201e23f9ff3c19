using System.Reactive.Disposables;

namespace Rx.StatusTracking;

/// <summary>Subscriptions that do not keep their handler's target alive.</summary>
public static class WeakSubscriptionExtensions
{
    /// <summary>
    /// Subscribes while holding <paramref name="target"/> only weakly: the subscription never keeps the target
    /// alive, and disposes itself at the first notification after the target was collected. Use it for views
    /// (a window, a view model) that may go away without unsubscribing.
    /// </summary>
    /// <remarks>
    /// The handlers receive the target as an argument; they must not capture it themselves (a <c>static</c>
    /// lambda makes sure), or the capture would keep it alive.
    /// </remarks>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TTarget">The target's type.</typeparam>
    /// <param name="source">The stream to subscribe to.</param>
    /// <param name="target">The object the handlers work on.</param>
    /// <param name="onNext">Called with the live target and each element.</param>
    /// <param name="onCompleted">Optional: called with the live target when the stream completes.</param>
    /// <param name="onError">Optional: called with the live target when the stream fails; without it an error is ignored.</param>
    /// <returns>A handle that unsubscribes when disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/>, <paramref name="target"/> or <paramref name="onNext"/> is null.</exception>
    public static IDisposable SubscribeWeak<T, TTarget>(
        this IObservable<T> source,
        TTarget target,
        Action<TTarget, T> onNext,
        Action<TTarget>? onCompleted = null,
        Action<TTarget, Exception>? onError = null)
        where TTarget : class
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(onNext);

        var weak = new WeakReference<TTarget>(target);
        var subscription = new SingleAssignmentDisposable();
        subscription.Disposable = source.Subscribe(new WeakObserver<T, TTarget>(weak, subscription, onNext, onCompleted, onError));
        return subscription;
    }

    // Holds nothing strong but the handlers (which take the target as an argument) and the subscription.
    private sealed class WeakObserver<T, TTarget>(
        WeakReference<TTarget> target,
        IDisposable subscription,
        Action<TTarget, T> onNext,
        Action<TTarget>? onCompleted,
        Action<TTarget, Exception>? onError) : IObserver<T>
        where TTarget : class
    {
        public void OnNext(T value)
        {
            if (target.TryGetTarget(out var live))
            {
                onNext(live, value);
            }
            else
            {
                subscription.Dispose();
            }
        }

        public void OnCompleted()
        {
            if (target.TryGetTarget(out var live))
            {
                onCompleted?.Invoke(live);
            }

            subscription.Dispose();
        }

        public void OnError(Exception error)
        {
            if (target.TryGetTarget(out var live))
            {
                onError?.Invoke(live, error);
            }

            subscription.Dispose();
        }
    }
}
