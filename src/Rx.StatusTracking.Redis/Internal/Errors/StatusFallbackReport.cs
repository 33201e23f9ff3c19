using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>Builds the <see cref="RedisStatusErrorKind.StatusFallback"/> report: which of StatusJson's fallbacks changed a status, in words.</summary>
internal static class StatusFallbackReport
{
    private const StatusJsonFallbacks ForSize = StatusJsonFallbacks.DataOmitted | StatusJsonFallbacks.ErrorShortened | StatusJsonFallbacks.DescriptionShortened;

    public static RedisStatusError Create(string operationId, ChatStatus status, StatusJsonFallbacks fallbacks, DateTimeOffset now)
    {
        var type = status.Data?.GetType().FullName;
        var parts = new List<string>(2);
        if (fallbacks.HasFlag(StatusJsonFallbacks.DataUnserializable))
        {
            parts.Add($"its data ({type}) could not be serialized and was written as unserializable");
        }

        if ((fallbacks & ForSize) != 0)
        {
            var shortened = new List<string>(3);
            if (fallbacks.HasFlag(StatusJsonFallbacks.DataOmitted))
            {
                shortened.Add($"its data ({type}) was omitted");
            }

            if (fallbacks.HasFlag(StatusJsonFallbacks.ErrorShortened))
            {
                shortened.Add("its error was shortened");
            }

            if (fallbacks.HasFlag(StatusJsonFallbacks.DescriptionShortened))
            {
                shortened.Add("its description was cut");
            }

            parts.Add($"it would have passed the {StatusJson.MaxInputBytes} bytes a reader accepts, so {string.Join(" and ", shortened)}");
        }

        var message = $"Status {status.Sequence} of '{operationId}' was published changed: {string.Join("; ", parts)}.";
        return new RedisStatusError(RedisStatusErrorKind.StatusFallback, message, now)
        {
            OperationId = operationId,
            EntryId = RedisNames.StatusEntryId(status.Sequence).ToString(),
            Fallbacks = fallbacks,
        };
    }
}
