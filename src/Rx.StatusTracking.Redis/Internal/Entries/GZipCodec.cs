using System.IO.Compression;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// GZip through <see cref="GZipStream"/> (the BCL has no one-shot GZip), at <see cref="CompressionLevel.Optimal"/>.
/// </summary>
internal sealed class GZipCodec() : StatusCodec("gz")
{
    private const CompressionLevel Level = CompressionLevel.Optimal;

    public override bool TryCompress(byte[] json, out byte[] compressed)
    {
        using var output = new MemoryStream(json.Length);
        using (var gzip = new GZipStream(output, Level, leaveOpen: true))
        {
            gzip.Write(json);
        }

        compressed = output.Length < json.Length ? output.ToArray() : [];
        return compressed.Length > 0;
    }

    public override bool TryInflate(byte[] compressed, Span<byte> destination, out int written, out string? problem)
    {
        written = 0;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            int read;
            while (written < destination.Length && (read = gzip.Read(destination[written..])) > 0)
            {
                written += read;
            }

            // Full: one byte more means past the limit. Read no further than that.
            Span<byte> probe = stackalloc byte[1];
            problem = written == destination.Length && gzip.Read(probe) > 0 ? TooLarge() : null;
        }
        catch (InvalidDataException exception)
        {
            problem = Problem($"is not valid GZip data ({exception.Message})");
        }

        return problem is null;
    }
}
