using System.Diagnostics.CodeAnalysis;

namespace Rx.StatusTracking;

/// <summary>
/// The full context of an exception as plain, immutable data: safe to keep in history,
/// compare, serialize and send across processes, unlike the <see cref="Exception"/> itself.
/// </summary>
/// <param name="Type">The exception's full type name, e.g. <c>System.TimeoutException</c>.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="StackTrace">The stack trace when the exception was thrown, otherwise <see langword="null"/>.</param>
/// <param name="InnerErrors">
/// The inner errors: every inner exception of an <see cref="AggregateException"/>, otherwise the
/// <see cref="Exception.InnerException"/> (so a chain becomes nested single-element lists).
/// </param>
public sealed record StatusError(string Type, string Message, string? StackTrace, IReadOnlyList<StatusError> InnerErrors)
{
    /// <summary>How deep <see cref="From(Exception)"/> follows inner exceptions before it stops.</summary>
    public const int MaxDepth = 16;

    /// <summary>How many inner exceptions of one exception <see cref="From(Exception)"/> keeps.</summary>
    public const int MaxInnerErrors = 64;

    /// <summary>The <see cref="Type"/> of the placeholder that stands for inner errors left out by the limits.</summary>
    public const string OmittedType = "Rx.StatusTracking.OmittedErrors";

    /// <summary>Captures an exception, its stack trace and its inner exceptions.</summary>
    /// <param name="exception">The exception to capture.</param>
    /// <returns>The captured error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Inner exceptions deeper than <see cref="MaxDepth"/>, or beyond the first
    /// <see cref="MaxInnerErrors"/> of one exception, are replaced by one placeholder error of type
    /// <see cref="OmittedType"/> that says how many were left out, so a pathological exception
    /// can neither overflow the stack nor flood the history.
    /// </remarks>
    public static StatusError From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Capture(exception, depth: 0);
    }

    private static StatusError Capture(Exception exception, int depth)
    {
        var inner = InnerExceptionsOf(exception);
        IReadOnlyList<StatusError> innerErrors;
        if (inner.Count == 0)
        {
            innerErrors = [];
        }
        else if (depth + 1 >= MaxDepth)
        {
            innerErrors = [Omitted(inner.Count, $"inner errors deeper than {MaxDepth} levels were left out")];
        }
        else
        {
            var kept = Math.Min(inner.Count, MaxInnerErrors);
            var list = new List<StatusError>(kept + 1);
            for (var i = 0; i < kept; i++)
            {
                list.Add(Capture(inner[i], depth + 1));
            }

            if (inner.Count > kept)
            {
                list.Add(Omitted(inner.Count - kept, $"only the first {MaxInnerErrors} inner errors were kept"));
            }

            innerErrors = list.AsReadOnly();
        }

        return new StatusError(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            innerErrors);
    }

    private static IReadOnlyList<Exception> InnerExceptionsOf(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions,
        { InnerException: { } inner } => [inner],
        _ => [],
    };

    private static StatusError Omitted(int count, string why) =>
        new(OmittedType, $"{count} more: {why}.", null, []);

    /// <summary>Compares two errors by value, including their inner errors in order.</summary>
    /// <param name="other">The error to compare with.</param>
    /// <returns><see langword="true"/> when every field and every inner error is equal.</returns>
    public bool Equals([NotNullWhen(true)] StatusError? other) =>
        other is not null
        && Type == other.Type
        && Message == other.Message
        && StackTrace == other.StackTrace
        && InnerErrors.SequenceEqual(other.InnerErrors);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Message, StackTrace, InnerErrors.Count);

    /// <summary>Returns <c>Type: Message</c>, the way exceptions are usually shown to people.</summary>
    /// <returns>The type and message.</returns>
    public override string ToString() => $"{Type}: {Message}";
}
