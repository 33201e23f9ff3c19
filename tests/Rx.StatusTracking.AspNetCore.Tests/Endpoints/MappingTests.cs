using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Rx.StatusTracking.AspNetCore.Tests.Endpoints;

public class MappingTests
{
    private static WebApplication App() => WebApplication.CreateSlimBuilder().Build();

    public static TheoryData<string, Action<StatusEndpointOptions>> BadOptions => new()
    {
        { "MaxBufferedStatuses", o => o.MaxBufferedStatuses = 0 },
        { "SlowClientTimeout", o => o.SlowClientTimeout = TimeSpan.Zero },
        { "HeartbeatInterval", o => o.HeartbeatInterval = TimeSpan.FromSeconds(-1) },
        { "StreamSendBufferBytes", o => o.StreamSendBufferBytes = 100 },
        { "ReconnectDelay", o => o.ReconnectDelay = TimeSpan.FromSeconds(-1) },
        { "UnknownOperationWait", o => o.UnknownOperationWait = TimeSpan.FromTicks(-1) },
        { "UnknownOperationWait", o => o.UnknownOperationWait = StatusEndpointOptions.MaxUnknownOperationWait + TimeSpan.FromTicks(1) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Options_out_of_range_are_refused_when_mapping(string name, Action<StatusEndpointOptions> spoil)
    {
        await using var app = App();
        using var hub = new StatusHub();
        var options = new StatusEndpointOptions();
        spoil(options);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => app.MapStatusEndpoints(hub, options: options));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public async Task A_blank_allowed_origin_is_refused()
    {
        await using var app = App();
        using var hub = new StatusHub();

        var error = Assert.Throws<ArgumentException>(() => app.MapStatusEndpoints(hub, options: new StatusEndpointOptions { AllowedOrigins = { " " } }));

        Assert.Equal("AllowedOrigins", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dashboard")]
    public async Task A_dashboard_prefix_must_be_a_rooted_path(string prefix)
    {
        await using var app = App();

        Assert.ThrowsAny<ArgumentException>(() => app.MapStatusDashboard(prefix));
        Assert.ThrowsAny<ArgumentException>(() => app.MapStatusDashboard("/", statusPrefix: prefix));
    }

    [Fact]
    public async Task Mapping_the_registered_hub_without_one_registered_says_to_call_AddStatusTracking()
    {
        await using var app = App();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapStatusEndpoints());

        Assert.Equal("No StatusHub is registered: call services.AddStatusTracking() first (package Rx.StatusTracking.Hosting), or pass a hub to MapStatusEndpoints.", error.Message);
        Assert.Empty(((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints));
    }

    [Fact]
    public async Task Mapping_the_registered_hub_checks_its_arguments_as_the_instance_overload_does()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(new StatusHub());
        await using var app = builder.Build();

        Assert.Equal("endpoints", Assert.Throws<ArgumentNullException>(() => ((IEndpointRouteBuilder)null!).MapStatusEndpoints()).ParamName);
        Assert.Equal("prefix", Assert.Throws<ArgumentException>(() => app.MapStatusEndpoints(" ")).ParamName);
        Assert.Equal("MaxBufferedStatuses", Assert.Throws<ArgumentOutOfRangeException>(() => app.MapStatusEndpoints(options: new StatusEndpointOptions { MaxBufferedStatuses = 0 })).ParamName);
    }
}
