namespace Rx.StatusTracking.Internal;

/// <summary>Written in place of <see cref="ChatStatus.Data"/> that the serializer could not write.</summary>
/// <param name="Unserializable">The full name of the data's type.</param>
internal sealed record UnserializableData(string Unserializable);
