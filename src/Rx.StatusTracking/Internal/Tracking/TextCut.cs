namespace Rx.StatusTracking.Internal;

/// <summary>The one way the library shortens text: to a length, ending with "…", never splitting a surrogate pair.</summary>
internal static class TextCut
{
    /// <summary>
    /// <paramref name="text"/> itself when it has at most <paramref name="length"/> characters, else its start and "…",
    /// <paramref name="length"/> characters in all (one fewer when the cut would leave half of a surrogate pair).
    /// </summary>
    public static string To(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var kept = length - 1;
        if (kept > 0 && char.IsHighSurrogate(text[kept - 1]))
        {
            kept--;
        }

        return string.Concat(text.AsSpan(0, kept), "…");
    }
}
