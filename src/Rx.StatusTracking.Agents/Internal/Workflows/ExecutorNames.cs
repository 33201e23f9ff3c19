using System.Text.RegularExpressions;

namespace Rx.StatusTracking.Agents.Internal;

/// <summary>Readable executor names: the Agent Framework names an agent's executor <c>{agent name}_{guid}</c>.</summary>
internal static partial class ExecutorNames
{
    /// <summary><c>writer_4499fca7a5d54f0988c3ded834d819d7</c> reads <c>writer</c>; any other id reads as it is.</summary>
    public static string Readable(string executorId)
    {
        var match = GuidSuffix().Match(executorId);
        return match.Success && match.Index > 0 ? executorId[..match.Index] : executorId;
    }

    [GeneratedRegex("_(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    private static partial Regex GuidSuffix();
}
