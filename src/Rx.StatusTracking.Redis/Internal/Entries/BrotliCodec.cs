using System.Buffers;
using System.IO.Compression;
using BrotliStatus = System.Buffers.OperationStatus;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Brotli, one shot (<see cref="BrotliEncoder"/>, <see cref="BrotliDecoder"/>: no stream). Quality 1, what
/// <see cref="CompressionLevel.Fastest"/> maps to: in <c>PayloadCompressionBenchmarks</c> it cut a 20 KB tool result to
/// 43% for about a third of the CPU quality 4 took to reach 38%; window 22 (4 MiB, Brotli's default), above any status's JSON.
/// </summary>
internal sealed class BrotliCodec() : StatusCodec("br")
{
    private const int Quality = 1;
    private const int Window = 22;

    public override bool TryCompress(byte[] json, out byte[] compressed)
    {
        // A destination one byte shorter than the JSON: Brotli gives up as soon as compressing would not save a byte.
        var buffer = ArrayPool<byte>.Shared.Rent(json.Length);
        try
        {
            if (BrotliEncoder.TryCompress(json, buffer.AsSpan(0, json.Length - 1), out var written, Quality, Window))
            {
                compressed = buffer.AsSpan(0, written).ToArray();
                return true;
            }

            compressed = [];
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override bool TryInflate(byte[] compressed, Span<byte> destination, out int written, out string? problem)
    {
        // Not a using variable: that would be read-only, and this mutable struct's calls would go to copies.
        var decoder = new BrotliDecoder();
        BrotliStatus status;
        int consumed;
        try
        {
            status = decoder.Decompress(compressed, destination, out consumed, out written);
        }
        finally
        {
            decoder.Dispose();
        }

        problem = status switch
        {
            BrotliStatus.Done when consumed == compressed.Length => null,
            BrotliStatus.Done => Problem("has bytes after its Brotli data"),
            BrotliStatus.DestinationTooSmall => TooLarge(),
            BrotliStatus.NeedMoreData => Problem("ends before its Brotli data does"),
            _ => Problem("is not valid Brotli data"),
        };
        return problem is null;
    }
}
