using System.IO.Compression;
using System.Text;

namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// Data large enough to be compressed (search results as a tool returns them), and the two codecs as any other program
/// would write them (the BCL's encoders, not the library's), for entries written with a raw <c>XADD</c>.
/// </summary>
public static class LargePayloads
{
    /// <summary>About <paramref name="results"/> × 230 bytes of JSON: 40 results are about 9 KB.</summary>
    public static object SearchResults(int results) => new
    {
        query = "redis streams",
        results = Enumerable.Range(1, results).Select(i => new
        {
            title = $"Result {i}: reading Redis Streams with XRANGE from the last id",
            url = $"https://example.org/articles/{i}/redis-streams",
            snippet = $"Entry ids are sequence numbers, so result {i} resumes after the last one it read, woken by a notification.",
            score = 1.0 / i,
        }).ToArray(),
    };

    public static byte[] Brotli(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(bytes.Length)];
        Assert.True(BrotliEncoder.TryCompress(bytes, buffer, out var written));
        return buffer[..written];
    }

    public static byte[] GZip(string json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return output.ToArray();
    }

    /// <summary>The fields of a stream's entries, in order (an entry's joined by '+'): which were written plain, which compressed.</summary>
    public static async Task<string[]> FieldsAsync(StackExchange.Redis.IConnectionMultiplexer redis, string stream) =>
        [.. (await redis.GetDatabase().StreamRangeAsync(stream)).Select(e => string.Join("+", e.Values.Select(v => (string)v.Name!)))];
}
