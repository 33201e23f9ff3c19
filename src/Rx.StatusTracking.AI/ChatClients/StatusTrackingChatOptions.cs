using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>Settings of <c>UseStatusTracking</c> (<see cref="StatusTrackingChatClientBuilderExtensions"/>).</summary>
public sealed class StatusTrackingChatOptions
{
    /// <summary>A filter that records no arguments at all.</summary>
    public static readonly Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> DropArguments = static (_, _) => null;

    /// <summary>
    /// Chooses the tool arguments recorded in <see cref="ToolCallData.Arguments"/> from the tool's name and the
    /// model's arguments; return <see langword="null"/> to record none. By default every argument is recorded as
    /// given (read-only; not copied). Status streams travel to logs, browsers and other servers: keep secrets out with
    /// <see cref="DropArguments"/> or <see cref="Redact"/>. If the filter throws, the call's arguments are not recorded
    /// and a warning is logged; the chat goes on.
    /// </summary>
    public Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> ArgumentFilter { get; set; } =
        static (_, arguments) => arguments?.AsReadOnly();

    /// <summary>Configures the <see cref="FunctionInvokingChatClient"/> that the tracking adds (concurrency, iteration limits…).</summary>
    public Action<FunctionInvokingChatClient>? ConfigureFunctionInvocation { get; set; }

    /// <summary>A filter that records every argument but replaces the values of the named ones with "***".</summary>
    /// <param name="argumentNames">The argument names to hide (compared ignoring case).</param>
    /// <returns>A filter for <see cref="ArgumentFilter"/>.</returns>
    public static Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> Redact(params string[] argumentNames)
    {
        ArgumentNullException.ThrowIfNull(argumentNames);
        var hidden = new HashSet<string>(argumentNames, StringComparer.OrdinalIgnoreCase);
        return (_, arguments) => arguments?.ToDictionary(
            pair => pair.Key,
            pair => hidden.Contains(pair.Key) ? "***" : pair.Value,
            StringComparer.Ordinal);
    }
}
