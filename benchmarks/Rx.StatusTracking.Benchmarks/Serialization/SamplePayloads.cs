using System.Globalization;
using System.Text;

namespace Rx.StatusTracking.Benchmarks.Serialization;

/// <summary>
/// The statuses of <see cref="PayloadCompressionBenchmarks"/>. Their text is written by a word-pair chain learnt from
/// this repository's README (its prose, code blocks left out) with a fixed seed: English-like text with a real vocabulary
/// and real word pairs, so it compresses about as prose does, unlike random bytes (which do not compress) or one repeated
/// character (which compresses to nothing). The same seed gives the same bytes on every run.
/// </summary>
internal static class SamplePayloads
{
    private static readonly DateTimeOffset Stamp = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<WordChain> Chain = new(() => WordChain.Learn(ReadmeProse()));

    /// <summary>The status of a kind, built once per call (the benchmarks keep it).</summary>
    public static ChatStatus Create(PayloadKind kind) => kind switch
    {
        PayloadKind.ChatStatus => Status(
            3,
            ChatStatusMessages.ExecutingTool("web_search"),
            StatusState.Executing,
            new { tool = "web_search", query = "redis streams consumer groups vs xrange polling", attempt = 1 }),
        PayloadKind.ToolResult20K => Status(3, ChatStatusMessages.ToolCompleted("web_search"), StatusState.Completed, SearchResults(20_000)),
        PayloadKind.Document1M => Document(1_000_000),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static ChatStatus Status(int step, string description, StatusState state, object data) =>
        new() { Step = step, Description = description, State = state, Timestamp = Stamp, Sequence = 7, Data = data };

    // Text is cut until the status's JSON is at most the size asked for: the JSON writer escapes some characters (a
    // backtick takes 6 bytes).
    private static ChatStatus Document(int maxJsonBytes)
    {
        var text = Chain.Value.Write(new Random(1), maxJsonBytes);
        while (true)
        {
            var status = Status(4, "Read the attached design document", StatusState.Completed, new { title = "Design notes", mimeType = "text/markdown", text });
            // Past 1 MiB the data would be omitted (a short JSON): only a whole document within the size counts.
            var length = StatusJson.SerializeToUtf8Bytes(status, out var fallbacks).Length;
            if (fallbacks == StatusJsonFallbacks.None && length <= maxJsonBytes)
            {
                return status;
            }

            length = Math.Max(length, StatusJson.MaxInputBytes);
            text = text[..(int)((long)text.Length * maxJsonBytes / length * 999 / 1000)];
        }
    }

    // Results are added until their text reaches about the size asked for.
    private static object SearchResults(int approximateBytes)
    {
        var random = new Random(2);
        var results = new List<object>();
        var size = 0;
        while (size < approximateBytes)
        {
            var title = Chain.Value.Write(random, 60).TrimEnd('.');
            var slug = string.Join('-', title.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6).Select(w => new string([.. w.Where(char.IsAsciiLetterOrDigit)])));
            var result = new
            {
                title,
                url = $"https://{Domains[random.Next(Domains.Length)]}/{slug}",
                snippet = Chain.Value.Write(random, 320),
                score = Math.Round(random.NextDouble(), 4),
                published = Stamp.AddDays(-random.Next(2_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            results.Add(result);
            size += result.title.Length + result.url.Length + result.snippet.Length + 80;
        }

        return new { query = "redis streams consumer groups vs xrange polling", engine = "web", results };
    }

    private static readonly string[] Domains =
        ["learn.microsoft.com", "redis.io", "github.com", "stackoverflow.com", "devblogs.microsoft.com", "en.wikipedia.org", "medium.com", "news.ycombinator.com"];

    private static string ReadmeProse()
    {
        var prose = new StringBuilder();
        var inCode = false;
        foreach (var line in File.ReadLines(FindReadme()))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            else if (!inCode && !line.StartsWith('|'))
            {
                prose.AppendLine(line);
            }
        }

        return prose.ToString();
    }

    // BenchmarkDotNet runs the benchmarks from a folder under the project's bin: the repository's README is above it.
    private static string FindReadme()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var readme = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(readme) && Directory.Exists(Path.Combine(directory.FullName, "benchmarks")))
            {
                return readme;
            }
        }

        throw new FileNotFoundException("The repository's README.md (the sample text's source) was not found above " + AppContext.BaseDirectory);
    }
}
