namespace Rx.StatusTracking.AI;

/// <summary>
/// Hides argument values whose names contain one of a set of words, comparing letters and digits only, ignoring
/// case: "api_key", "Api-Key" and "X-API-KEY" all contain "apikey".
/// </summary>
internal sealed class ArgumentRedaction
{
    public const string Hidden = "***";

    private readonly string[] _words;

    public ArgumentRedaction(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        _words = new string[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            _words[i] = words[i] is { } word ? Normalize(word) : string.Empty;
            if (_words[i].Length == 0)
            {
                throw new ArgumentException($"Word {i} (\"{words[i]}\") has no letter or digit: it would hide every argument.", nameof(words));
            }
        }
    }

    /// <summary>The arguments with hidden values replaced; the arguments themselves (read-only, not copied) when none is hidden.</summary>
    public IReadOnlyDictionary<string, object?>? Apply(IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            return null;
        }

        if (!AnyHidden(arguments))
        {
            return arguments.AsReadOnly();
        }

        var redacted = new Dictionary<string, object?>(arguments.Count, StringComparer.Ordinal);
        foreach (var (name, value) in arguments)
        {
            redacted[name] = IsHidden(name) ? Hidden : value;
        }

        return redacted;
    }

    // Asked for every tool call: a Dictionary (what models' clients produce) is enumerated without boxing its enumerator.
    private bool AnyHidden(IDictionary<string, object?> arguments)
    {
        if (arguments is Dictionary<string, object?> dictionary)
        {
            foreach (var name in dictionary.Keys)
            {
                if (IsHidden(name))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var name in arguments.Keys)
        {
            if (IsHidden(name))
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        return new string(buffer[..Normalize(text, buffer)]);
    }

    private static int Normalize(string text, Span<char> into)
    {
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                into[length++] = char.ToLowerInvariant(c);
            }
        }

        return length;
    }

    private bool IsHidden(string name)
    {
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        var normalized = buffer[..Normalize(name, buffer)];
        foreach (var word in _words)
        {
            if (normalized.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
