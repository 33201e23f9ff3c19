using System.Reactive;

namespace Rx.StatusTracking.Tests.Support;

/// <summary>Builds input statuses and renders recorded output as "ticks:value" strings for exact comparison.</summary>
internal static class Marbles
{
    private static long _sequence;

    /// <summary>A status named by <paramref name="name"/> (shown in rendered output), with its own sequence number.</summary>
    public static ChatStatus S(string name, int step, StatusState state) =>
        new() { Step = step, Description = name, State = state, Sequence = Interlocked.Increment(ref _sequence) };

    public static ChatStatus Reset() =>
        new() { Step = ChatStatus.ResetStep, Description = "R", State = StatusState.Pending, IsReset = true, Sequence = Interlocked.Increment(ref _sequence) };

    public static string[] Render<T>(this IEnumerable<Recorded<Notification<T>>> messages, Func<T, string> show) =>
    [
        .. messages.Select(m => m.Value.Kind switch
        {
            NotificationKind.OnNext => $"{m.Time}:{show(m.Value.Value)}",
            NotificationKind.OnCompleted => $"{m.Time}:|",
            _ => $"{m.Time}:X({m.Value.Exception!.Message})",
        }),
    ];

    public static string[] Render(this IEnumerable<Recorded<Notification<ChatStatus>>> messages) => messages.Render(s => s.Description);

    public static string[] Render(this IEnumerable<Recorded<Notification<IReadOnlyList<ChatStatus>>>> messages) =>
        messages.Render(list => "[" + string.Join(",", list.Select(s => s.Description)) + "]");
}
