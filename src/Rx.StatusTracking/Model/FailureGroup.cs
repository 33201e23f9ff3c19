namespace Rx.StatusTracking;

/// <summary>Failures that share a cause (see <see cref="FailureReport.Groups"/>).</summary>
/// <param name="Key">
/// The description up to its first colon, so <c>ToolFailed("web_search", …)</c> failures group by tool whatever
/// their reason (<c>The web_search tool failed</c>); a description without a colon is its own key.
/// </param>
/// <param name="Failures">The failed statuses, oldest first; each carries its <see cref="ChatStatus.Error"/>.</param>
public sealed record FailureGroup(string Key, IReadOnlyList<ChatStatus> Failures)
{
    /// <summary>How many failures the group holds.</summary>
    public int Count => Failures.Count;

    /// <summary>The key of a failure's description (see <see cref="Key"/>).</summary>
    /// <param name="description">A failure's description.</param>
    /// <returns>The description up to its first colon, trimmed.</returns>
    public static string KeyOf(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var colon = description.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? description : description[..colon]).Trim();
    }
}
