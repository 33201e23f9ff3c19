namespace Rx.StatusTracking.Redis;

/// <summary>
/// The codec a <see cref="RedisStatusPublisher"/> compresses large entries with (<see cref="RedisPublisherOptions.Compression"/>).
/// Each has its own entry field, so a reader knows how to inflate an entry from its field alone, and every
/// <see cref="RedisStatusSource"/> reads both.
/// </summary>
public enum RedisCompression
{
    /// <summary>Brotli (RFC 7932), in the field <c>status.br</c>: the smallest entries for the least CPU on status JSON.</summary>
    Brotli = 0,

    /// <summary>GZip (RFC 1952), in the field <c>status.gz</c>: larger entries, but any tool inflates them (<c>gunzip</c>, every language's standard library).</summary>
    GZip = 1,
}
