using Microsoft.Extensions.Options;

namespace Rx.StatusTracking.Hosting.Internal;

/// <summary>
/// Validates <see cref="StatusHubOptions"/> exactly as <c>new StatusHub(options)</c> does, with the same messages: the
/// options' own check is internal to the core (no friend assemblies), and the hub's constructor runs it first, before
/// it allocates anything that needs releasing beyond a few empty collections, so a throw-away hub is the check.
/// </summary>
internal sealed class StatusHubOptionsValidator : IValidateOptions<StatusHubOptions>
{
    public ValidateOptionsResult Validate(string? name, StatusHubOptions options)
    {
        try
        {
            new StatusHub(options).Dispose();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException invalid)
        {
            return ValidateOptionsResult.Fail(invalid.Message);
        }
    }
}
