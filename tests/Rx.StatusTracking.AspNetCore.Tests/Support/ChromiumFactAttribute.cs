namespace Rx.StatusTracking.AspNetCore.Tests.Support;

/// <summary>
/// A test that drives Debian's Chromium (<c>/usr/bin/chromium</c>). Without it the test is skipped with the reason,
/// except under CI (<c>CI=true</c>), where <c>.ci/run</c> installs it and a missing browser must fail instead.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium); CI installs it.";
        }
    }
}
