using System.Text.Json;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>Records arguments with the default filter, for the tests of the copy's bounds.</summary>
internal static class ArgumentRecording
{
    public const int MaxValues = 10_000;
    public const string TooMany = "(too many values)";

    public static readonly Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> Default = new StatusTrackingChatOptions().ArgumentFilter;

    public static string Json(object? recorded) => JsonSerializer.Serialize(recorded);

    // Copies on another thread: on a copy without bounds some graphs take 2^32 steps, which must fail, not hang.
    public static Task<IReadOnlyDictionary<string, object?>> Record(Dictionary<string, object?> arguments) =>
        Task.Run(() => Default("t", arguments)!).WaitAsync(TimeSpan.FromSeconds(30));
}
