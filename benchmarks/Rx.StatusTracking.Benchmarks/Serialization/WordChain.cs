using System.Text;

namespace Rx.StatusTracking.Benchmarks.Serialization;

/// <summary>A word-pair (bigram) chain: which words followed each word in a text, to write more text like it.</summary>
internal sealed class WordChain
{
    private readonly Dictionary<string, List<string>> _next = new(StringComparer.Ordinal);
    private readonly string[] _words;

    private WordChain(string[] words)
    {
        _words = words;
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (!_next.TryGetValue(words[i], out var followers))
            {
                _next.Add(words[i], followers = []);
            }

            followers.Add(words[i + 1]);
        }
    }

    public static WordChain Learn(string text) =>
        new(text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Writes about <paramref name="length"/> characters, a paragraph break every 80 words or so.</summary>
    public string Write(Random random, int length)
    {
        var text = new StringBuilder(length + 64);
        var word = _words[random.Next(_words.Length)];
        var count = 0;
        while (text.Length < length)
        {
            text.Append(word);
            text.Append(++count % 80 == 0 ? "\n\n" : " ");
            word = _next.TryGetValue(word, out var followers) ? followers[random.Next(followers.Count)] : _words[random.Next(_words.Length)];
        }

        return text.ToString(0, length);
    }
}
