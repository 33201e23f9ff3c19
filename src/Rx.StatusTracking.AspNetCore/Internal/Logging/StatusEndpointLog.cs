using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>The entries the endpoints log (see <see cref="StatusEndpointLogEvents"/>).</summary>
internal static partial class StatusEndpointLog
{
    [LoggerMessage(EventId = StatusEndpointLogEvents.ClientStuck, Level = LogLevel.Warning, Message = "A client of operation {OperationId} read nothing for {Timeout}; it was disconnected after {Written} statuses.")]
    public static partial void ClientStuck(ILogger logger, string operationId, TimeSpan timeout, long written);

    [LoggerMessage(EventId = StatusEndpointLogEvents.ClientOverflowed, Level = LogLevel.Information, Message = "A client of operation {OperationId} fell too far behind ({Conflated} statuses conflated); it was closed to resume from the history.")]
    public static partial void ClientOverflowed(ILogger logger, string operationId, long conflated);

    [LoggerMessage(EventId = StatusEndpointLogEvents.StatusFallback, Level = LogLevel.Warning, Message = "Status {Sequence} (step {Step}) of operation {OperationId} is sent changed by StatusJson's fallbacks: {Fallbacks}.")]
    public static partial void StatusFallback(ILogger logger, long sequence, int step, string operationId, StatusJsonFallbacks fallbacks);

#pragma warning disable SYSLIB1006 // One event, two wordings: an entry names only what is known.
    [LoggerMessage(EventId = StatusEndpointLogEvents.StatusFallback, Level = LogLevel.Warning, Message = "Status {Sequence} (step {Step}) is sent changed by StatusJson's fallbacks: {Fallbacks}.")]
    public static partial void StatusFallbackOfUnnamedOperation(ILogger logger, long sequence, int step, StatusJsonFallbacks fallbacks);
#pragma warning restore SYSLIB1006
}
