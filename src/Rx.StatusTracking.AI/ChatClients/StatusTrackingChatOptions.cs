using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI.Internal;

namespace Rx.StatusTracking.AI;

/// <summary>Settings of <c>UseStatusTracking</c> (<see cref="StatusTrackingChatClientBuilderExtensions"/>).</summary>
/// <remarks>
/// Validated when <c>UseStatusTracking</c> is called, which copies the values: changing the options afterwards has no
/// effect.
/// </remarks>
public sealed class StatusTrackingChatOptions
{
    /// <summary>
    /// The words that make an argument look secret by default: an argument whose name contains one of them, comparing
    /// letters and digits only and ignoring case, is recorded as "***", at any level of nesting (see
    /// <see cref="ArgumentFilter"/>). They are <c>password</c>, <c>passwd</c>,
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
    public static Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> DropArguments { get; } = static (_, _) => null;

    /// <summary>
    /// A filter that records every argument as the model gave it, secrets included: a copy (see
    /// <see cref="ArgumentFilter"/>), so what a status recorded never changes afterwards.
    /// </summary>
    public static Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> RecordAllArguments { get; } =
        static (_, arguments) => ArgumentRedaction.None.Apply(arguments);

    /// <summary>
    /// The default <see cref="ArgumentFilter"/>: every argument recorded (a copy), the values of those whose names contain
    /// a word of <see cref="DefaultRedactedArguments"/> replaced with "***", at any level of nesting. The same filter as
    /// <c>RedactContaining([.. DefaultRedactedArguments])</c>; a filter of your own may hand the arguments it does not
    /// handle itself on to it.
    /// </summary>
    public static Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> DefaultArgumentFilter { get; } =
        RedactContaining([.. DefaultRedactedArguments]);

    /// <summary>
    /// Chooses the tool arguments recorded in <see cref="ToolCallData.Arguments"/> from the tool's name and the
    /// model's arguments; return <see langword="null"/> to record none. Status streams travel to logs, browsers (the
    /// web endpoints and dashboard serve them) and other servers, so by default every argument is recorded but the
    /// values of those whose names look secret (see <see cref="DefaultRedactedArguments"/>), at any level of nesting,
    /// are replaced with "***" (<see cref="DefaultArgumentFilter"/>). A filter you set replaces that default:
    /// <see cref="DropArguments"/> records none, <see cref="RecordAllArguments"/> every one as given, <see cref="Redact"/>
    /// hides the named ones, <see cref="RedactContaining"/> those whose names contain a word (pass
    /// <see cref="DefaultRedactedArguments"/> and your own words to extend the default). If the filter throws, the call's
    /// arguments are not recorded and a warning is logged; the chat goes on. The filter itself must not be null
    /// (<c>UseStatusTracking</c> throws <see cref="ArgumentNullException"/>): <see cref="DropArguments"/> records none.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A status never changes once recorded, so what it records is a read-only copy taken when the call is reported:
    /// the function-invocation client hands the model's own dictionary to the tool and to a
    /// <see cref="FunctionInvokingChatClient.FunctionInvoker"/>, which may add to it (a server-side credential, say).
    /// The built-in filters return such a copy; whatever your filter returns is copied the same way.
    /// </para>
    /// <para>
    /// The copy walks dictionaries (<see cref="IDictionary{TKey, TValue}"/> and <see cref="IReadOnlyDictionary{TKey, TValue}"/>
    /// of string to object, and any other <see cref="System.Collections.IDictionary"/>, its keys by their text), JSON
    /// (<see cref="System.Text.Json.JsonElement"/> objects and arrays, <see cref="System.Text.Json.Nodes.JsonObject"/>,
    /// <see cref="System.Text.Json.Nodes.JsonArray"/>) and lists and arrays (<see cref="System.Collections.IList"/>), and
    /// the built-in filters check names at every level of them: <c>{"headers": {"Authorization": "Bearer …"}}</c> is
    /// recorded as <c>{"headers": {"Authorization": "***"}}</c>. A hidden name's whole value is replaced. Strings,
    /// primitives, enums and other immutable values (dates, times, <see cref="Guid"/>, <see cref="Uri"/>…) are recorded as
    /// they are; a one-dimensional array of primitives, strings or decimals is cloned whole (other arrays are walked). Any
    /// other object (a POCO, a set, a sequence) is recorded as the JSON element it serializes to, its JSON property names
    /// (after any <see cref="System.Text.Json.Serialization.JsonPropertyNameAttribute"/> rename) checked the same way; a
    /// <see cref="System.Text.Json.Nodes.JsonValue"/> made from one, as the JSON node of that JSON. Getters are read and
    /// sequences enumerated when the call is reported (an <see cref="IQueryable"/> runs its query then). A name held as a
    /// value (the key of a <see cref="KeyValuePair{TKey, TValue}"/>, a <c>{"name": …, "value": …}</c> pair) is not a name
    /// to the check.
    /// </para>
    /// <para>
    /// The copy of one call is bounded: 10,000 values (a container, a hidden value, each value of JSON or of a cloned
    /// array counts one) and 1 MiB of JSON (JSON elements and the JSON objects serialize to; strings are shared, not
    /// copied, and not counted). Markers replace what is not copied, and the other values are kept: "(nested too deep)"
    /// for a container at level 33 or deeper (the arguments' own values are level 1), "(cycle)" for a container inside
    /// itself (the arguments dictionary included), "(too many values)" once the budget is spent (one last item of a list,
    /// one entry of that name in a dictionary, the rest not read) or for an array, JSON element or object too large for
    /// what is left, and "(could not be copied: ExceptionType)" for a value whose reading threw (an object that refers to
    /// itself may fill the 1 MiB first and be recorded as "(too many values)"). If the arguments dictionary itself cannot
    /// be read, none are recorded and a warning is logged.
    /// </para>
    /// </remarks>
    public Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> ArgumentFilter { get; set; } = DefaultArgumentFilter;

    /// <summary>Configures the <see cref="FunctionInvokingChatClient"/> that the tracking adds (concurrency, iteration limits…).</summary>
    public Action<FunctionInvokingChatClient>? ConfigureFunctionInvocation { get; set; }

    // ConfigureFunctionInvocation may be null: the function-invocation client then keeps its own defaults.
    internal void Validate() => ArgumentNullException.ThrowIfNull(ArgumentFilter, nameof(ArgumentFilter));

    /// <summary>
    /// A filter that records every argument but replaces with "***" the values of the named ones, at any level of
    /// nesting (see <see cref="ArgumentFilter"/>). The result is a copy.
    /// </summary>
    /// <param name="argumentNames">The argument names to hide (compared ignoring case).</param>
    /// <returns>A filter for <see cref="ArgumentFilter"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="argumentNames"/> is null.</exception>
    public static Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> Redact(params string[] argumentNames)
    {
        var redaction = ArgumentRedaction.Named(argumentNames);
        return (_, arguments) => redaction.Apply(arguments);
    }

    /// <summary>
    /// A filter that records every argument but replaces with "***" the values of those whose names contain one of
    /// <paramref name="words"/>, comparing letters and digits only and ignoring case ("apikey" matches <c>api_key</c>,
    /// <c>Api-Key</c> and <c>X-API-KEY</c>), at any level of nesting (see <see cref="ArgumentFilter"/>). The default
    /// filter is <c>RedactContaining([.. DefaultRedactedArguments])</c>. The result is a copy.
    /// </summary>
    /// <param name="words">The words; for example <c>[.. StatusTrackingChatOptions.DefaultRedactedArguments, "ssn"]</c>.</param>
    /// <returns>A filter for <see cref="ArgumentFilter"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="words"/> is null.</exception>
    /// <exception cref="ArgumentException">A word is null or has no letter or digit (it would hide every argument).</exception>
    public static Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> RedactContaining(params string[] words)
    {
        var redaction = ArgumentRedaction.Containing(words);
        return (_, arguments) => redaction.Apply(arguments);
    }
}
