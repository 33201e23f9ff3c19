using System.Text;
using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>The codecs alone: an entry is stored compressed only when that saves bytes, and what they write inflates back.</summary>
public sealed class StatusCodecTests
{
    public static TheoryData<string> Codecs => ["br", "gz"];

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Bytes_that_compressing_would_not_shrink_are_left_as_they_are(string name)
    {
        var codec = Codec(name);
        var noise = new byte[4_096];
        new Random(18).NextBytes(noise);

        Assert.False(codec.TryCompress(noise, out var compressed));
        Assert.Empty(compressed);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void What_a_codec_compresses_inflates_to_the_same_bytes(string name)
    {
        var codec = Codec(name);
        var json = Encoding.UTF8.GetBytes(StatusJson.Serialize(new ChatStatus { Step = 1, Description = "results", State = StatusState.Completed, Sequence = 1, Data = Support.LargePayloads.SearchResults(40) }));

        Assert.True(codec.TryCompress(json, out var compressed));
        Assert.InRange(compressed.Length, 1, json.Length / 4);
        var inflated = new byte[StatusJson.MaxInputBytes];
        Assert.True(codec.TryInflate(compressed, inflated, out var length, out var problem), problem);
        Assert.Equal(json, inflated[..length]);
        Assert.Equal("status." + name, (string?)codec.Field);
    }

    private static StatusCodec Codec(string name) => name == "br" ? StatusCodec.Brotli : StatusCodec.GZip;
}
