using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>Settings of <c>UseStatusTracking</c> (<see cref="StatusTrackingChatClientBuilderExtensions"/>).</summary>
public sealed class StatusTrackingChatOptions
{
    /// <summary>
    /// The words that make an argument look secret by default: an argument whose name contains one of them, comparing
    /// letters and digits only and ignoring case, is recorded as "***". They are <c>password</c>, <c>passwd</c>,
    /// <c>passphrase</c>, <c>pwd</c>, <c>secret</c> (also <c>client_secret</c>), <c>token</c> (also
    /// <c>access_token</c>, <c>refreshToken</c>), <c>apikey</c> (<c>api_key</c>, <c>Api-Key</c>, <c>X-API-KEY</c>),
    /// <c>accesskey</c>, <c>privatekey</c>, <c>auth</c> (<c>Authorization</c>, <c>auth_header</c>), <c>bearer</c>,
    /// <c>cookie</c>, <c>credential</c> (<c>credentials</c>), <c>session</c> (<c>sessionId</c>),
    /// <c>connectionstring</c> and <c>jwt</c>.
    /// </summary>
    /// <remarks>
    /// Matching is deliberately broad: a few harmless names are hidden too (<c>author</c> contains "auth",
    /// <c>maxTokens</c> contains "token"). A false match only hides a value; record them with your own
    /// <see cref="ArgumentFilter"/>.
    /// </remarks>
    public static IReadOnlyList<string> DefaultRedactedArguments { get; } =
    [
        "password", "passwd", "passphrase", "pwd", "secret", "token", "apikey", "accesskey", "privatekey",
        "auth", "bearer", "cookie", "credential", "session", "connectionstring", "jwt",
    ];

    /// <summary>A filter that records no arguments at all.</summary>
    public static readonly Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> DropArguments = static (_, _) => null;

    /// <summary>A filter that records every argument as the model gave it (read-only; not copied), secrets included.</summary>
    public static readonly Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> RecordAllArguments =
        static (_, arguments) => arguments?.AsReadOnly();

    private static readonly Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> RedactDefault =
        RedactContaining([.. DefaultRedactedArguments]);

    /// <summary>
    /// Chooses the tool arguments recorded in <see cref="ToolCallData.Arguments"/> from the tool's name and the
    /// model's arguments; return <see langword="null"/> to record none. Status streams travel to logs, browsers (the
    /// web endpoints and dashboard serve them) and other servers, so by default every argument is recorded but the
    /// values of those whose names look secret (see <see cref="DefaultRedactedArguments"/>) are replaced with "***";
    /// when none is, the arguments are recorded as given (read-only; not copied). A filter you set replaces that
    /// default: <see cref="DropArguments"/> records none, <see cref="RecordAllArguments"/> every one as given,
    /// <see cref="Redact"/> hides the named ones, <see cref="RedactContaining"/> those whose names contain a word (pass
    /// <see cref="DefaultRedactedArguments"/> and your own words to extend the default). If the filter throws, the
    /// call's arguments are not recorded and a warning is logged; the chat goes on.
    /// </summary>
    public Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> ArgumentFilter { get; set; } = RedactDefault;

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

    /// <summary>
    /// A filter that records every argument but replaces with "***" the values of those whose names contain one of
    /// <paramref name="words"/>, comparing letters and digits only and ignoring case ("apikey" matches <c>api_key</c>,
    /// <c>Api-Key</c> and <c>X-API-KEY</c>). The default filter is <c>RedactContaining([.. DefaultRedactedArguments])</c>.
    /// When no name matches, the arguments are recorded as given (read-only; not copied).
    /// </summary>
    /// <param name="words">The words; for example <c>[.. StatusTrackingChatOptions.DefaultRedactedArguments, "ssn"]</c>.</param>
    /// <returns>A filter for <see cref="ArgumentFilter"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="words"/> is null.</exception>
    /// <exception cref="ArgumentException">A word is null or has no letter or digit (it would hide every argument).</exception>
    public static Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> RedactContaining(params string[] words)
    {
        var redaction = new ArgumentRedaction(words);
        return (_, arguments) => redaction.Apply(arguments);
    }
}
