using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Rx.StatusTracking;

/// <summary>
/// The one rule for operation ids, shared by <see cref="StatusHub"/>, the web endpoints and the Redis transport:
/// an id the hub accepts is reachable in a URL path segment and as a Redis key without escaping, and an id that
/// would not be is refused when the operation is created.
/// </summary>
/// <remarks>
/// An id is 1 to <see cref="DefaultMaxLength"/> characters (or the hub's
/// <see cref="StatusHubOptions.MaxOperationIdLength"/>, at most <see cref="MaxLengthLimit"/>) of the ASCII
/// letters and digits and <c>- _ . : ~ @</c>, and is neither <c>.</c> nor <c>..</c> (clients remove those
/// path segments from URLs, so such an operation could never be reached). Ids are compared ordinally: case
/// matters. The set leaves out what needs escaping in a URL, a log line, a Redis key pattern (<c>* ? [ ]</c>)
/// or a Redis Cluster hash tag (<c>{ }</c>).
/// </remarks>
public static class OperationIdRule
{
    /// <summary>The longest id accepted by default: 128 characters.</summary>
    public const int DefaultMaxLength = 128;

    /// <summary>The highest maximum length a hub may be configured with: 1,024 characters.</summary>
    public const int MaxLengthLimit = 1_024;

    /// <summary>The characters an id may use besides ASCII letters and digits.</summary>
    public const string AllowedPunctuation = "-_.:~@";

    /// <summary>Whether <paramref name="operationId"/> follows the rule.</summary>
    /// <param name="operationId">The id to check; <see langword="null"/> is not valid.</param>
    /// <param name="maxLength">The longest id accepted (1 to <see cref="MaxLengthLimit"/>).</param>
    /// <returns><see langword="true"/> when the id is valid.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is out of its range.</exception>
    public static bool IsValid([NotNullWhen(true)] string? operationId, int maxLength = DefaultMaxLength) =>
        TryValidate(operationId, maxLength, out _);

    /// <summary>Checks <paramref name="operationId"/> against the rule and says what is wrong with it.</summary>
    /// <param name="operationId">The id to check; <see langword="null"/> is not valid.</param>
    /// <param name="maxLength">The longest id accepted (1 to <see cref="MaxLengthLimit"/>).</param>
    /// <param name="problem">Why the id is not valid, as a sentence; <see langword="null"/> when it is.</param>
    /// <returns><see langword="true"/> when the id is valid.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is out of its range.</exception>
    public static bool TryValidate([NotNullWhen(true)] string? operationId, int maxLength, [NotNullWhen(false)] out string? problem)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, MaxLengthLimit);
        problem = Check(operationId, maxLength);
        return problem is null;
    }

    /// <summary>Throws when <paramref name="operationId"/> does not follow the rule.</summary>
    /// <param name="operationId">The id to check.</param>
    /// <param name="maxLength">The longest id accepted (1 to <see cref="MaxLengthLimit"/>).</param>
    /// <param name="parameterName">The name of the caller's parameter, for the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operationId"/> is null.</exception>
    /// <exception cref="ArgumentException">The id does not follow the rule; the message says why.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is out of its range.</exception>
    public static void Validate(
        [NotNull] string? operationId,
        int maxLength = DefaultMaxLength,
        [CallerArgumentExpression(nameof(operationId))] string? parameterName = null)
    {
        ArgumentNullException.ThrowIfNull(operationId, parameterName);
        if (!TryValidate(operationId, maxLength, out var problem))
        {
            throw new ArgumentException(problem, parameterName);
        }
    }

    private static string? Check(string? id, int maxLength)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "An operation id must not be empty.";
        }

        if (id.Length > maxLength)
        {
            return $"An operation id must be at most {maxLength} characters; it was {id.Length}.";
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (!char.IsAsciiLetterOrDigit(c) && !AllowedPunctuation.Contains(c, StringComparison.Ordinal))
            {
                return $"Operation id '{Printable(id)}' has {Describe(c)} at index {i}; ids use only ASCII letters, digits and {AllowedPunctuation}.";
            }
        }

        return id is "." or ".."
            ? $"Operation id '{id}' is not allowed: URL clients remove '.' and '..' path segments, so it could not be reached."
            : null;
    }

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c)
        ? $"the character U+{(int)c:X4}"
        : $"the character '{c}' (U+{(int)c:X4})";

    // Shows an id in a message without control characters breaking the message (or a log line) apart.
    private static string Printable(string id)
    {
        const int Shown = 64;
        var text = id.Length > Shown ? string.Concat(id.AsSpan(0, Shown), "…") : id;
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
