namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// A test that needs a real <c>redis-server</c>. Without one the test is skipped with the reason, except under CI
/// (<c>CI=true</c>), where <c>.ci/run</c> installs it and a missing server must fail instead.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Executable is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "redis-server is not installed (apt-get install -y redis-server); CI installs it.";
        }
    }
}
