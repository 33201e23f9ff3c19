using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>A status stream as an <see cref="IAsyncEnumerable{T}"/>: for <c>await foreach</c>, <c>TypedResults.ServerSentEvents</c>, gRPC or SignalR streaming.</summary>
public static class StatusAsyncEnumerableExtensions
{
    /// <summary>The buffer capacity of <see cref="ToAsyncEnumerable(IObservable{ChatStatus})"/>: 256 statuses, as a web connection's.</summary>
    public const int DefaultBufferCapacity = 256;

    /// <summary>
    /// The statuses of <paramref name="source"/> as an async stream with a buffer of <see cref="DefaultBufferCapacity"/>
    /// statuses: see <see cref="ToAsyncEnumerable(IObservable{ChatStatus}, int)"/>.
    /// </summary>
    /// <remarks>
    /// An overload rather than an optional parameter: a generic <c>ToAsyncEnumerable&lt;T&gt;(this IObservable&lt;T&gt;)</c> in
    /// scope (System.Interactive.Async's, in namespace <c>System.Linq</c>) would win overload resolution against a method
    /// that needs a default argument; against this one, a non-generic method with no default argument, it loses.
    /// </remarks>
    /// <param name="source">The statuses: a tracker, its <see cref="ChatStatusTracker.WithHistory"/>, or an operator's output.</param>
    /// <returns>An async stream; every enumeration has its own subscription and buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static IAsyncEnumerable<ChatStatus> ToAsyncEnumerable(this IObservable<ChatStatus> source) =>
        source.ToAsyncEnumerable(DefaultBufferCapacity);

    /// <summary>
    /// The statuses of <paramref name="source"/> as an async stream with a bounded buffer. On a tracker: live statuses from
    /// the moment each enumeration starts (<c>tracker.ToAsyncEnumerable()</c>), or its history then live statuses, with no
    /// gap and no duplicate (<c>tracker.WithHistory().ToAsyncEnumerable()</c>); any operator's output works the same way.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each enumeration subscribes when it starts (<see cref="IAsyncEnumerable{T}.GetAsyncEnumerator"/>) and unsubscribes
    /// when it is disposed (<c>await foreach</c> does both). The source never waits for the consumer: statuses wait in a
    /// buffer, and the consumer's code never runs on the source's delivering thread.
    /// </para>
    /// <para>
    /// <b>A slow consumer.</b> From <paramref name="bufferCapacity"/> waiting statuses, each new one makes the oldest
    /// superseded status give way (a step's non-terminal status that a newer status of the same step follows), as
    /// <c>Conflate</c> does: the consumer sees fewer, newer statuses. Terminal statuses, reset markers and each step's newest
    /// status are never dropped, so the stream always ends on every step's ending. Only past twice the capacity with
    /// nothing superseded (more waiting steps than that, each with one status) is a new non-terminal status refused.
    /// </para>
    /// <para>
    /// The stream ends when the source completes (a tracker's <see cref="ChatStatusTracker.Complete()"/>), after every
    /// waiting status; a source's <c>OnError</c> is thrown from <c>MoveNextAsync</c>, after the statuses that came before it.
    /// The enumeration's token (<c>WithCancellation</c>, or the one ASP.NET Core passes) cancels a waiting
    /// <c>MoveNextAsync</c> with an <see cref="OperationCanceledException"/>, and a call made after it was cancelled.
    /// </para>
    /// <para>
    /// The name does not clash with other <c>ToAsyncEnumerable</c> extensions: System.Reactive 7 has none on
    /// <see cref="IObservable{T}"/> and the BCL's takes an <see cref="IEnumerable{T}"/>. System.Interactive.Async's generic
    /// <c>ToAsyncEnumerable&lt;T&gt;(this IObservable&lt;T&gt;)</c> (namespace <c>System.Linq</c>) loses overload resolution to
    /// these non-generic overloads when both are in scope; it has no bound, no conflation and no history.
    /// </para>
    /// </remarks>
    /// <param name="source">The statuses: a tracker, its <see cref="ChatStatusTracker.WithHistory"/>, or an operator's output.</param>
    /// <param name="bufferCapacity">How many statuses wait before superseded ones give way (1 or more).</param>
    /// <returns>An async stream; every enumeration has its own subscription and buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferCapacity"/> is less than 1.</exception>
    public static IAsyncEnumerable<ChatStatus> ToAsyncEnumerable(this IObservable<ChatStatus> source, int bufferCapacity)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCapacity, 1);
        return new StatusAsyncStream(source, bufferCapacity);
    }
}
