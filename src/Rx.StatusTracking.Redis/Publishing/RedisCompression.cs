namespace Rx.StatusTracking.Redis;

/// <summary>
/// The codec a <see cref="RedisStatusPublisher"/> compresses large entries with (<see cref="RedisPublisherOptions.Compression"/>).
/// Each has its own entry field, so a reader knows how to inflate an entry from its field alone, and every
/// <see cref="RedisStatusSource"/> reads both.
/// </summary>
public enum RedisCompression
{
    /// <summary>
    /// Brotli (RFC 7932) at quality 1, in the field <c>status.br</c>: on status JSON, smaller entries than GZip's fastest
    /// level for less CPU.
    /// </summary>
    Brotli = 0,

    /// <summary>
    /// GZip (RFC 1952) at <see cref="System.IO.Compression.CompressionLevel.Optimal"/>, in the field <c>status.gz</c>: about
    /// Brotli quality 4's size for 2.4 to 3.4 times Brotli 1's CPU, but any tool inflates it (<c>gunzip</c>, every language's
    /// standard library).
    /// </summary>
    GZip = 1,
}
