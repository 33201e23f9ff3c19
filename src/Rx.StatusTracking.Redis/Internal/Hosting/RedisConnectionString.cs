using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The <c>ConnectionString</c> option of both option classes: a StackExchange.Redis configuration string, checked when the
/// options are validated and turned into the configuration the hosted services connect with.
/// </summary>
internal static class RedisConnectionString
{
    /// <summary>Checks a connection string: null (none given), or one StackExchange.Redis can parse.</summary>
    /// <param name="value">The connection string.</param>
    /// <param name="optionsType">The options class, named in the message.</param>
    /// <param name="propertyName">The property, the exception's parameter name.</param>
    public static void Validate(string? value, string optionsType, string propertyName)
    {
        if (value is null)
        {
            return;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(value, propertyName);
        try
        {
            ConfigurationOptions.Parse(value);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{optionsType}.{propertyName} is not a StackExchange.Redis configuration string: {exception.Message}", propertyName, exception);
        }
    }

    /// <summary>
    /// The configuration of a validated connection string. Unless the string sets <c>abortConnect</c>, a first connection that
    /// fails does not throw: the multiplexer keeps trying, so a host starts while Redis is down and the transport retries
    /// as it does through any outage.
    /// </summary>
    public static ConfigurationOptions Parse(string value)
    {
        var configuration = ConfigurationOptions.Parse(value);
        var setsAbortConnect = value.Split(',').Any(part => part.TrimStart().StartsWith("abortConnect=", StringComparison.OrdinalIgnoreCase));
        if (!setsAbortConnect)
        {
            configuration.AbortOnConnectFail = false;
        }

        return configuration;
    }
}
