namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Makes a publisher's status entries: the status JSON in <c>status</c>, or, when it is longer than
/// <see cref="RedisPublisherOptions.CompressAbove"/> bytes and compressing makes it smaller, compressed in the codec's
/// field (see <see cref="StatusCodec"/>). <see cref="StatusEntries"/> reads what this writes.
/// </summary>
/// <param name="compressAbove">The threshold; null: never compress.</param>
/// <param name="codec">The codec of compressed entries.</param>
internal sealed class EntryEncoder(int? compressAbove, StatusCodec codec)
{
    public static EntryEncoder For(RedisPublisherOptions options) => new(options.CompressAbove, StatusCodec.For(options.Compression));

    /// <summary>A status's entry (a refill's: what StatusJson changed was reported when it was first written).</summary>
    public StreamWrite ForStatus(ChatStatus status) => Entry(status.Sequence, Payload(status, out var compressedWith, out _), compressedWith);

    /// <summary>
    /// A status's entry value: its JSON, or the JSON compressed with <paramref name="compressedWith"/> (null when it is
    /// not compressed); with what StatusJson changed to write it within what a reader accepts.
    /// </summary>
    public byte[] Payload(ChatStatus status, out StatusCodec? compressedWith, out StatusJsonFallbacks fallbacks)
    {
        var json = StatusJson.SerializeToUtf8Bytes(status, out fallbacks);
        if (json.Length > compressAbove && codec.TryCompress(json, out var compressed))
        {
            RedisMeter.EntryCompressed();
            compressedWith = codec;
            return compressed;
        }

        compressedWith = null;
        return json;
    }

    /// <summary>The entry of the status of <paramref name="sequence"/> with a value <see cref="Payload"/> made.</summary>
    public static StreamWrite Entry(long sequence, byte[] payload, StatusCodec? compressedWith) =>
        new(RedisNames.StatusEntryId(sequence), compressedWith?.Field ?? RedisNames.StatusField, payload);
}
