namespace Rx.StatusTracking.Internal;

/// <summary>
/// The skeleton of a fold over statuses, the operators without timers: per-subscription state that each status
/// updates, zero or one value out per status (<see cref="Apply"/>) and optionally one before completion
/// (<see cref="Complete"/>). Its timed counterpart is <see cref="GatedSink{TOut}"/>.
/// </summary>
/// <remarks>
/// No gate: the Rx grammar already serializes a source's notifications. An exception from the fold ends the stream
/// with <c>OnError</c>, as an exception from Rx <c>Select</c>'s selector does; <c>Observable.Create</c>'s observer
/// then detaches from the source.
/// </remarks>
internal abstract class FoldSink<TOut>(IObserver<TOut> observer) : IObserver<ChatStatus>
    where TOut : class
{
    public IDisposable Run(IObservable<ChatStatus> source) => source.Subscribe(this);

    public void OnNext(ChatStatus value)
    {
        TOut? result;
        try
        {
            result = Apply(value);
        }
        catch (Exception error)
        {
            observer.OnError(error);
            return;
        }

        if (result is not null)
        {
            observer.OnNext(result);
        }
    }

    public void OnError(Exception error) => observer.OnError(error);

    public void OnCompleted()
    {
        TOut? result;
        try
        {
            result = Complete();
        }
        catch (Exception error)
        {
            observer.OnError(error);
            return;
        }

        if (result is not null)
        {
            observer.OnNext(result);
        }

        observer.OnCompleted();
    }

    /// <summary>Folds a status into the state; returns the value to emit, or <see langword="null"/> for none.</summary>
    protected abstract TOut? Apply(ChatStatus status);

    /// <summary>The value to emit before completion, or <see langword="null"/> for none (the default).</summary>
    protected virtual TOut? Complete() => null;
}
