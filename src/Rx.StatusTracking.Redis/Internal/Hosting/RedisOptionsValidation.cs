using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Validates the hosted publisher's and mirror's options when the host starts (<c>ValidateOnStart</c>): the options' own
/// rules, with the messages their constructors would throw, and a connection to use (a registered
/// <see cref="IConnectionMultiplexer"/> or a connection string).
/// </summary>
internal sealed class RedisOptionsValidation(IServiceProviderIsService services) : IValidateOptions<RedisPublisherOptions>, IValidateOptions<RedisSourceOptions>
{
    public const string NoConnection =
        "No Redis connection: register an IConnectionMultiplexer in the service collection, or set ConnectionString in the options of " +
        "AddRedisStatusPublisher or AddRedisStatusMirror.";

    public ValidateOptionsResult Validate(string? name, RedisPublisherOptions options) => Check(options.Validate, options.ConnectionString);

    public ValidateOptionsResult Validate(string? name, RedisSourceOptions options) => Check(options.Validate, options.ConnectionString);

    private ValidateOptionsResult Check(Action validate, string? connectionString)
    {
        try
        {
            validate();
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }

        return connectionString is null && !services.IsService(typeof(IConnectionMultiplexer))
            ? ValidateOptionsResult.Fail(NoConnection)
            : ValidateOptionsResult.Success;
    }
}
