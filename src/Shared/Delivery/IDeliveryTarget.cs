namespace Rx.StatusTracking.Internal;

/// <summary>What a <see cref="DeliveryQueue{T}"/> hands its items to, one at a time, outside every lock.</summary>
/// <typeparam name="T">The delivery type.</typeparam>
internal interface IDeliveryTarget<T>
{
    /// <summary>Delivers one item; must not throw (targets isolate the user code they call).</summary>
    void Deliver(T item);
}
