using System.Buffers;
using System.IO.Compression;

namespace Rx.StatusTracking.Benchmarks.Serialization;

/// <summary>
/// Each <see cref="PayloadCodec"/> with <c>System.IO.Compression</c>: one-shot <see cref="BrotliEncoder"/> /
/// <see cref="BrotliDecoder"/> into a pooled buffer for Brotli (no stream), <see cref="GZipStream"/> for GZip (the BCL has
/// no one-shot GZip). Inflating goes into one pooled buffer of <see cref="StatusJson.MaxInputBytes"/>, as a reader
/// that bounds what it inflates would.
/// </summary>
internal static class PayloadCodecs
{
    private const int BrotliWindow = 22;

    public static byte[] Encode(ChatStatus status, PayloadCodec codec)
    {
        var json = StatusJson.SerializeToUtf8Bytes(status);
        return codec switch
        {
            PayloadCodec.Plain => json,
            PayloadCodec.Brotli1 => Brotli(json, 1),
            PayloadCodec.Brotli4 => Brotli(json, 4),
            PayloadCodec.Brotli6 => Brotli(json, 6),
            PayloadCodec.GZipFastest => GZip(json, CompressionLevel.Fastest),
            PayloadCodec.GZipOptimal => GZip(json, CompressionLevel.Optimal),
            _ => throw new ArgumentOutOfRangeException(nameof(codec)),
        };
    }

    public static ChatStatus Decode(byte[] stored, PayloadCodec codec)
    {
        if (codec == PayloadCodec.Plain)
        {
            return StatusJson.Deserialize(stored);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(StatusJson.MaxInputBytes);
        try
        {
            var length = codec is PayloadCodec.GZipFastest or PayloadCodec.GZipOptimal ? InflateGZip(stored, buffer) : InflateBrotli(stored, buffer);
            return StatusJson.Deserialize(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Brotli(byte[] json, int quality)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(json.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(json, buffer, out var written, quality, BrotliWindow))
            {
                throw new InvalidOperationException("Brotli did not fit its maximum compressed length.");
            }

            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] GZip(byte[] json, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }

    private static int InflateBrotli(byte[] stored, byte[] buffer)
    {
        var decoder = new BrotliDecoder();
        try
        {
            return decoder.Decompress(stored, buffer.AsSpan(0, StatusJson.MaxInputBytes), out _, out var written) == System.Buffers.OperationStatus.Done
                ? written
                : throw new InvalidDataException("Not a whole Brotli stream within the limit.");
        }
        finally
        {
            decoder.Dispose();
        }
    }

    private static int InflateGZip(byte[] stored, byte[] buffer)
    {
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        var length = 0;
        int read;
        while (length < StatusJson.MaxInputBytes && (read = gzip.Read(buffer, length, StatusJson.MaxInputBytes - length)) > 0)
        {
            length += read;
        }

        return length;
    }
}
