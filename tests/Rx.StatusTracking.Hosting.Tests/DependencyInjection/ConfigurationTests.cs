using System.Reactive.Concurrency;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rx.StatusTracking.Hosting.Tests.Support;
using Rx.StatusTracking.Logging.Tests;

namespace Rx.StatusTracking.Hosting.Tests.DependencyInjection;

public class ConfigurationTests
{
    private static Dictionary<string, string?> Section(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => $"StatusTracking:{v.Key}", v => (string?)v.Value);

    [Fact]
    public async Task The_hubs_options_are_bound_from_a_configuration_section_and_shape_the_hub()
    {
        var logs = new CapturingLoggerProvider();
        var builder = Hosts.Generic(logs, Section(
            ("CompletedRetention", "00:00:30"),
            ("MaxOperations", "2"),
            ("MaxOperationIdLength", "8"),
            ("HistoryLimit", "3"),
            ("Validation", "Strict"),
            ("MaxRetainedBytes", "268435456"),
            ("LogErrors", "false")));
        builder.Services.AddStatusTracking(builder.Configuration.GetSection("StatusTracking"));
        using var host = builder.Build();
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<StatusHubOptions>>().Value;
        Assert.Equal(
            (TimeSpan.FromSeconds(30), 2, 8, 3, StatusValidation.Strict),
            (options.CompletedRetention, options.MaxOperations, options.MaxOperationIdLength, options.HistoryLimit, options.Validation));
        Assert.False(host.Services.GetRequiredService<IOptions<StatusHubLoggingOptions>>().Value.LogErrors);

        var hub = host.Services.GetRequiredService<StatusHub>();
        Assert.Equal(8, hub.MaxOperationIdLength);
        Assert.Equal(256L << 20, hub.MaxRetainedBytes);
        Assert.Throws<ArgumentException>(() => hub.Create("nine-char"));
        var tracker = hub.Create("op-1");
        for (var step = 1; step <= 4; step++)
        {
            tracker.Executing(step, "running");
        }

        Assert.Equal([2, 3, 4], tracker.History.Select(s => s.Step));
        Assert.Throws<InvalidStatusTransitionException>(() => tracker.Pending(4, "back to pending"));
        hub.Create("op-2");
        Assert.Throws<StatusHubFullException>(() => hub.Create("op-3"));
        await host.StopAsync();
        Assert.DoesNotContain(logs.Entries, e => e.Category == StatusHubLoggingOptions.Category); // LogErrors is off: the trim above was not logged
    }

    [Fact]
    public async Task Options_left_out_of_the_configuration_keep_their_defaults_and_an_action_may_add_to_them()
    {
        var builder = Hosts.Generic(settings: Section(("MaxOperations", "5")));
        builder.Services.AddStatusTracking(builder.Configuration.GetSection("StatusTracking"));
        builder.Services.AddStatusTracking(o => o.HistoryLimit = 7);
        using var host = builder.Build();
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<StatusHubOptions>>().Value;
        Assert.Equal(
            (StatusHubOptions.DefaultCompletedRetention, 5, OperationIdRule.DefaultMaxLength, 7, StatusTrackerOptions.DefaultValidation),
            (options.CompletedRetention, options.MaxOperations, options.MaxOperationIdLength, options.HistoryLimit, options.Validation));
        Assert.Same(Scheduler.Default, options.Scheduler);
        await host.StopAsync();
    }

    public static TheoryData<string, string, Action<StatusHubOptions>> BadValues => new()
    {
        { "MaxOperations", "0", o => o.MaxOperations = 0 },
        { "CompletedRetention", "-00:00:01", o => o.CompletedRetention = TimeSpan.FromSeconds(-1) },
        { "MaxOperationIdLength", "0", o => o.MaxOperationIdLength = 0 },
        { "MaxOperationIdLength", "1025", o => o.MaxOperationIdLength = 1025 },
        { "HistoryLimit", "0", o => o.HistoryLimit = 0 },
        { "Validation", "7", o => o.Validation = (StatusValidation)7 },
        { "MaxRetainedBytes", "1048575", o => o.MaxRetainedBytes = 1_048_575 },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_fails_the_hosts_start_with_the_message_the_hub_itself_gives(string key, string value, Action<StatusHubOptions> spoil)
    {
        var bad = new StatusHubOptions();
        spoil(bad);
        var expected = Assert.ThrowsAny<ArgumentException>(() => new StatusHub(bad)).Message;
        var builder = Hosts.Generic(settings: Section((key, value)));
        builder.Services.AddStatusTracking(builder.Configuration.GetSection("StatusTracking"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(expected, Assert.Single(error.Failures));
        Assert.Equal(typeof(StatusHubOptions), error.OptionsType);
    }

    [Fact]
    public async Task A_null_scheduler_set_in_code_fails_the_start_with_the_hubs_message()
    {
        var builder = Hosts.Generic();
        builder.Services.AddStatusTracking(o => o.Scheduler = null!);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Value cannot be null. (Parameter 'Scheduler')", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_fails_the_start_naming_its_key()
    {
        var builder = Hosts.Generic(settings: Section(("MaxOperations", "lots")));
        builder.Services.AddStatusTracking(builder.Configuration.GetSection("StatusTracking"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Equal("Failed to convert configuration value 'lots' at 'StatusTracking:MaxOperations' to type 'System.Int32'.", error.Message);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var services = new ServiceCollection();
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddStatusTracking()).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddStatusTracking(_ => { })).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddStatusTracking(Hosts.Generic().Configuration)).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => services.AddStatusTracking((Action<StatusHubOptions>)null!)).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => services.AddStatusTracking((Microsoft.Extensions.Configuration.IConfiguration)null!)).ParamName);
        Assert.Empty(services);
    }
}
