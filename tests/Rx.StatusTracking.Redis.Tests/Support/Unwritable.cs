namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>Data the serializer cannot write (its property throws): a status carrying it is written with a fallback.</summary>
public sealed class Unwritable
{
    public string Value => throw new InvalidOperationException("Not readable.");
}
