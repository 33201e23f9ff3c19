using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Options;

/// <summary>The two option classes: shared defaults written once, and the one validation style.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class RedisOptionsTests(SharedRedis redis)
{
    [Fact]
    public void Readers_default_to_what_publishers_default_to()
    {
        var publisher = new RedisPublisherOptions();
        var source = new RedisSourceOptions();

        Assert.Equal("rxstatus", RedisPublisherOptions.DefaultKeyPrefix);
        Assert.Equal(RedisPublisherOptions.DefaultKeyPrefix, publisher.KeyPrefix);
        Assert.Equal(RedisPublisherOptions.DefaultKeyPrefix, source.KeyPrefix);
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)), (RedisPublisherOptions.DefaultRetryDelay, RedisPublisherOptions.DefaultMaxRetryDelay));
        Assert.Equal((publisher.RetryDelay, publisher.MaxRetryDelay), (source.RetryDelay, source.MaxRetryDelay));
        Assert.Same(TimeProvider.System, publisher.TimeProvider);
        Assert.Same(TimeProvider.System, source.TimeProvider);
        Assert.Equal(4_096, RedisPublisherOptions.DefaultCompressAbove);
        Assert.Equal((RedisPublisherOptions.DefaultCompressAbove, RedisCompression.Brotli), (publisher.CompressAbove, publisher.Compression));
    }

    [RedisFact]
    public void A_negative_compression_threshold_or_an_unknown_codec_is_refused_naming_the_option_and_zero_or_off_are_taken()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { CompressAbove = -1 }));
        Assert.Equal(nameof(RedisPublisherOptions.CompressAbove), negative.ParamName);
        var codec = Assert.Throws<ArgumentOutOfRangeException>(() => new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { Compression = (RedisCompression)2 }));
        Assert.Equal(nameof(RedisPublisherOptions.Compression), codec.ParamName);
        Assert.StartsWith("RedisPublisherOptions.Compression must be Brotli or GZip.", codec.Message, StringComparison.Ordinal);

        using (new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = SharedRedis.NewPrefix(), CompressAbove = 0 }))
        using (new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = SharedRedis.NewPrefix(), CompressAbove = null, Compression = RedisCompression.GZip }))
        {
        }
    }

    [RedisFact]
    public void A_missing_clock_or_a_key_prefix_with_control_characters_is_refused_naming_the_option()
    {
        var noClock = Assert.Throws<ArgumentNullException>(() => new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { TimeProvider = null! }));
        Assert.Equal(nameof(RedisPublisherOptions.TimeProvider), noClock.ParamName);
        noClock = Assert.Throws<ArgumentNullException>(() => new RedisStatusSource(redis.Connection, new RedisSourceOptions { TimeProvider = null! }));
        Assert.Equal(nameof(RedisSourceOptions.TimeProvider), noClock.ParamName);

        var publisherPrefix = Assert.Throws<ArgumentException>(() => new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = "a\nb" }));
        Assert.Equal(nameof(RedisPublisherOptions.KeyPrefix), publisherPrefix.ParamName);
        Assert.StartsWith("RedisPublisherOptions.KeyPrefix must not contain control characters.", publisherPrefix.Message, StringComparison.Ordinal);
        var sourcePrefix = Assert.Throws<ArgumentException>(() => new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = "a\tb" }));
        Assert.Equal(nameof(RedisSourceOptions.KeyPrefix), sourcePrefix.ParamName);
        Assert.StartsWith("RedisSourceOptions.KeyPrefix must not contain control characters.", sourcePrefix.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(RedisSourceOptions.KeyPrefix), Assert.ThrowsAny<ArgumentException>(() => new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = " " })).ParamName);
    }
}
