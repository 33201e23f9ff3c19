using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging;

/// <summary>Settings of <see cref="StatusLoggingExtensions.LogTo"/>.</summary>
public sealed class StatusLogOptions
{
    /// <summary>The default <see cref="FailureLevel"/>: <see cref="LogLevel.Warning"/>.</summary>
    public const LogLevel DefaultFailureLevel = LogLevel.Warning;

    /// <summary>The level of <see cref="StatusState.Failed"/> statuses: <see cref="LogLevel.Warning"/> (default) or <see cref="LogLevel.Error"/>.</summary>
    public LogLevel FailureLevel { get; set; } = DefaultFailureLevel;

    /// <summary>The operation id written with every entry, when known.</summary>
    public string? OperationId { get; set; }

    /// <summary>Whether failures include the captured stack trace (it can be long; off by default).</summary>
    public bool IncludeStackTrace { get; set; }

    internal void Validate()
    {
        if (FailureLevel is not (LogLevel.Warning or LogLevel.Error))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureLevel), FailureLevel, "StatusLogOptions.FailureLevel must be Warning or Error.");
        }
    }
}
