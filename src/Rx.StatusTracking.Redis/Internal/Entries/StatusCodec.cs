using System.Globalization;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// A compression codec of status entries. Each has its own entry field, <c>status.{name}</c>, so the field alone says how
/// to inflate an entry; a field <c>status.{name}</c> of a name no codec here has is a codec this reader does not know.
/// Inflating writes into a buffer of <see cref="StatusJson.MaxInputBytes"/>, the most a reader accepts, and stops there:
/// an entry that would inflate further (a decompression bomb) costs no more memory than that to refuse.
/// </summary>
internal abstract class StatusCodec
{
    /// <summary>The prefix of every compressed status field: <c>status.</c>, then the codec's name.</summary>
    public const string FieldPrefix = "status.";

    public static readonly StatusCodec Brotli = new BrotliCodec();

    public static readonly StatusCodec GZip = new GZipCodec();

    protected StatusCodec(string name)
    {
        Name = name;
        Field = FieldPrefix + name;
    }

    /// <summary>The short name in the field (<c>br</c>, <c>gz</c>).</summary>
    public string Name { get; }

    /// <summary>The entry field: <c>status.{name}</c>.</summary>
    public RedisValue Field { get; }

    /// <summary>The codec of an option value.</summary>
    public static StatusCodec For(RedisCompression compression) => compression == RedisCompression.GZip ? GZip : Brotli;

    /// <summary>The codec whose field this is, if any.</summary>
    public static StatusCodec? ForField(RedisValue field) =>
        field == Brotli.Field ? Brotli : field == GZip.Field ? GZip : null;

    /// <summary>Compresses status JSON, if that makes it smaller.</summary>
    /// <returns><see langword="false"/> when the compressed bytes would not be fewer than <paramref name="json"/>'s.</returns>
    public abstract bool TryCompress(byte[] json, out byte[] compressed);

    /// <summary>Inflates an entry's bytes into <paramref name="destination"/>, never past its end.</summary>
    /// <param name="compressed">The field's bytes.</param>
    /// <param name="destination">Where the JSON goes: <see cref="StatusJson.MaxInputBytes"/> long.</param>
    /// <param name="written">How many bytes it holds.</param>
    /// <param name="problem">Why it could not, for the report (names the field).</param>
    /// <returns>Whether the bytes inflated, whole, within <paramref name="destination"/>.</returns>
    public abstract bool TryInflate(byte[] compressed, Span<byte> destination, out int written, out string? problem);

    /// <summary>The reason of a report about one of this codec's entries.</summary>
    protected string Problem(string what) => string.Create(CultureInfo.InvariantCulture, $"its '{Field}' field {what}");

    /// <summary>The reason of an entry that inflates past what a reader accepts.</summary>
    protected string TooLarge() => Problem(string.Create(CultureInfo.InvariantCulture, $"inflates past the {StatusJson.MaxInputBytes:N0} bytes a reader accepts"));
}
