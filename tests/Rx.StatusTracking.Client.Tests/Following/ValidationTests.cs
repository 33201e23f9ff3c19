namespace Rx.StatusTracking.Client.Tests.Following;

public class ValidationTests
{
    [Fact]
    public void A_relative_prefix_needs_an_HttpClient_with_a_base_address()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new StatusStreamClient(http));
        _ = new StatusStreamClient(http, new StatusStreamClientOptions { Prefix = "http://127.0.0.1:5080/status" });

        Assert.Equal("httpClient", error.ParamName);
        Assert.StartsWith("The prefix '/status' is relative and the HttpClient has no BaseAddress: set HttpClient.BaseAddress to the server, or StatusStreamClientOptions.Prefix to an absolute URI.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InitialReconnectDelay")]
    [InlineData("MaxReconnectDelay")]
    [InlineData("ReconnectJitter")]
    [InlineData("MaxReconnectAttempts")]
    [InlineData("IdleTimeout")]
    public void Options_out_of_range_are_refused_by_name(string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1/") };
        var options = new StatusStreamClientOptions();
        switch (name)
        {
            case "InitialReconnectDelay": options.InitialReconnectDelay = TimeSpan.Zero; break;
            case "MaxReconnectDelay": options.MaxReconnectDelay = TimeSpan.FromMilliseconds(999); break;
            case "ReconnectJitter": options.ReconnectJitter = 1.5; break;
            case "MaxReconnectAttempts": options.MaxReconnectAttempts = -1; break;
            case "IdleTimeout": options.IdleTimeout = TimeSpan.Zero; break;
        }

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StatusStreamClient(http, options));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void A_bad_operation_id_or_resume_point_is_refused_when_following_is_asked_for_not_when_enumerating()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1/") };
        var client = new StatusStreamClient(http);

        var id = Assert.Throws<ArgumentException>(() => client.FollowAsync("a/b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.FollowAsync("turn-1", afterSequence: -1));
        Assert.Throws<ArgumentException>(() => client.Observe(""));

        Assert.Equal("operationId", id.ParamName);
    }
}
