namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Which argument names are secret: those containing one of a set of words (comparing letters and digits only,
/// ignoring case: "api_key", "Api-Key" and "X-API-KEY" all contain "apikey"), those of a set of names (ignoring
/// case), or none. The names are checked at every level of an argument's value (see <see cref="ArgumentCopy"/>).
/// </summary>
internal sealed class ArgumentRedaction
{
    public const string Hidden = "***";

    private readonly string[] _words;
    private readonly HashSet<string>? _names;

    private ArgumentRedaction(string[] words, HashSet<string>? names)
    {
        _words = words;
        _names = names;
    }

    /// <summary>Hides nothing: the arguments are only copied.</summary>
    public static ArgumentRedaction None { get; } = new([], names: null);

    /// <summary>Hides the values of names that contain one of <paramref name="words"/>.</summary>
    public static ArgumentRedaction Containing(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var normalized = new string[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            normalized[i] = words[i] is { } word ? Normalize(word) : string.Empty;
            if (normalized[i].Length == 0)
            {
                throw new ArgumentException($"Word {i} (\"{words[i]}\") has no letter or digit: it would hide every argument.", nameof(words));
            }
        }

        return new(normalized, names: null);
    }

    /// <summary>Hides the values of <paramref name="names"/>, compared ignoring case.</summary>
    public static ArgumentRedaction Named(string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new([], new HashSet<string>(names, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A copy of the arguments with the values of secret names, at any level, replaced by "***".</summary>
    public IReadOnlyDictionary<string, object?>? Apply(IDictionary<string, object?>? arguments) => ArgumentCopy.Of(arguments, this);

    public bool IsHidden(string name)
    {
        if (_names is not null)
        {
            return _names.Contains(name);
        }

        if (_words.Length == 0)
        {
            return false;
        }

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
}
