using System.Reactive.Subjects;

namespace Rx.StatusTracking.Tests.Operators;

/// <summary>
/// Every fold reacts alike to a status it cannot fold (here a null one, which a tracker never emits): the stream
/// ends with the fold's exception, as Rx Select does with a throwing selector, instead of throwing back at the
/// producer; later statuses are not folded.
/// </summary>
public class FoldErrorTests
{
    public static TheoryData<string> Folds => [.. Queries.Keys];

    private static Dictionary<string, Func<IObservable<ChatStatus>, IObservable<object>>> Queries { get; } = new()
    {
        ["ToHistory"] = s => s.ToHistory(5),
        ["StepStates"] = s => s.StepStates(),
        ["StepDurations"] = s => s.StepDurations(),
        ["AggregateFailures"] = s => s.AggregateFailures(),
        ["Progress"] = s => s.Progress(),
        ["Summarize"] = s => s.Summarize(),
        ["RunningSummary"] = s => s.RunningSummary(),
    };

    [Theory]
    [MemberData(nameof(Folds))]
    public void A_status_the_fold_cannot_apply_ends_the_stream_with_the_error(string name)
    {
        using var source = new Subject<ChatStatus>();
        var seen = new List<string>();
        using var subscription = Queries[name](source).Subscribe(
            _ => seen.Add("value"),
            error => seen.Add(error.GetType().Name),
            () => seen.Add("completed"));

        source.OnNext(null!);
        source.OnNext(new ChatStatus { Step = 1, Description = "after the error", State = StatusState.Failed });
        source.OnCompleted();

        Assert.Equal(["NullReferenceException"], seen);
        Assert.False(source.HasObservers);
    }
}
