using CsCheck;

namespace Rx.StatusTracking.Tests.Properties;

/// <summary>
/// Random sequences of operations (reports in every state, on a few steps, with bad steps, undefined states, blank
/// and too-long descriptions, parents known, unknown, the step itself or changed, progress figures in and out of range,
/// through the named methods, <see cref="ChatStatusTracker.ReportProgress"/> and <see cref="ChatStatusTracker.Update"/>,
/// reservations of top-level and child steps, resets and completion) in both validation modes. After every operation the tracker must hold what <see cref="TrackerModel"/>
/// holds. CsCheck shrinks a failure to a short sequence and prints it.
/// </summary>
public class TrackerModelProperties
{
    private const int HistoryLimit = 6;
    private const int MaxDescriptionLength = 16;

    private static readonly Gen<int?> Parents = Gen.Frequency((6, (IGen<int?>)Gen.Const((int?)null)), (3, Gen.Int[-1, 6].Select(p => (int?)p)));

    private static readonly Gen<double?> Figures = Gen.Frequency(
        (6, (IGen<double?>)Gen.Const((double?)null)),
        (3, Gen.OneOf<double?>(0, 0.25, 0.5, 1)),
        (1, Gen.OneOf<double?>(double.NaN, -0.5, 1.5)));

    private static readonly Gen<TrackerOperation> Operation = Gen.Frequency(
        (16, (IGen<TrackerOperation>)Gen.Select(
            Gen.Frequency((4, StatusState.Pending), (8, StatusState.Executing), (6, StatusState.Completed), (6, StatusState.Failed), (4, StatusState.AwaitingInput), (1, (StatusState)7)),
            Gen.Int[-1, 4],
            Gen.Frequency((12, "work"), (3, "done"), (1, (string?)null), (1, " "), (1, "a description that is far too long")),
            Gen.Select(Gen.Bool, Gen.Bool, (update, exception) => (update, exception)),
            Gen.Select(Parents, Figures, (parent, figure) => (parent, figure)),
            (state, step, description, how, extra) => (TrackerOperation)new TrackerOperation.Report(
                state,
                step,
                description,
                how.update,
                how.exception,
                how.update ? extra.parent : null,
                how.update || state == StatusState.Executing ? extra.figure : null))),
        (1, Gen.Const<TrackerOperation>(new TrackerOperation.Reset())),
        (2, Gen.Const<TrackerOperation>(new TrackerOperation.ReserveStep())),
        (2, Gen.Int[-1, 6].Select(parent => (TrackerOperation)new TrackerOperation.ReserveChild(parent))),
        (1, Gen.Const<TrackerOperation>(new TrackerOperation.Complete())));

    private static readonly Gen<ModelRun> Runs = Gen.Select(Gen.Bool, Operation.Array[0, 40], (strict, operations) => new ModelRun(strict, operations));

    [Fact]
    public void After_every_operation_the_tracker_equals_the_model()
    {
        Runs.Sample(run => Run(run.Strict, run.Operations), iter: 10_000, print: run => run.ToString());
    }

    /// <summary>One generated run; printed as the counterexample when a property fails.</summary>
    private sealed record ModelRun(bool Strict, TrackerOperation[] Operations)
    {
        public override string ToString() => $"{(Strict ? "Strict" : "Lenient")}: [{string.Join(", ", Operations.Select(o => o.ToString()))}]";
    }

    private static void Run(bool strict, TrackerOperation[] operations)
    {
        var scheduler = new TestScheduler();
        var model = new TrackerModel(strict, HistoryLimit, MaxDescriptionLength);
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions
        {
            Scheduler = scheduler,
            HistoryLimit = HistoryLimit,
            MaxDescriptionLength = MaxDescriptionLength,
            Validation = strict ? StatusValidation.Strict : StatusValidation.Lenient,
        });
        var observer = new Support.GrammarObserver<ChatStatus>();
        using var subscription = tracker.Subscribe(observer);
        ExecutionSummary? running = null;
        using var runningSummary = tracker.RunningSummary(HistoryLimit).Subscribe(summary => running = summary);

        for (var i = 0; i < operations.Length; i++)
        {
            scheduler.AdvanceBy(1);
            if (operations[i] is TrackerOperation.ReserveStep)
            {
                Assert.Equal(model.ReserveStep(), tracker.ReserveStep());
                AssertSame(model, tracker, observer, running, i);
                continue;
            }

            if (operations[i] is TrackerOperation.ReserveChild child)
            {
                var (expected, throws) = model.ReserveStep(child.Parent);
                int? reserved = null;
                var refused = Record.Exception(() => reserved = tracker.ReserveStep(child.Parent));
                Assert.True(throws == refused?.GetType(), $"operation {i}: expected {throws?.Name ?? "no exception"}, got {refused?.GetType().Name ?? "none"}");
                Assert.Equal(expected, reserved);
                AssertSame(model, tracker, observer, running, i);
                continue;
            }

            var expectedThrow = operations[i] switch
            {
                TrackerOperation.Report r => model.Report(r.Step, r.Description, r.State, r.Parent, r.Progress, keepDescription: ThroughReportProgress(r) && r.Description is null),
                TrackerOperation.Reset => model.Reset(),
                _ => Complete(model),
            };
            var thrown = Apply(tracker, operations[i]);
            Assert.True(expectedThrow == thrown?.GetType(), $"operation {i}: expected {expectedThrow?.Name ?? "no exception"}, got {thrown?.GetType().Name ?? "none"} ({thrown?.Message})");
            AssertSame(model, tracker, observer, running, i);
        }
    }

    private static Type? Complete(TrackerModel model)
    {
        model.Complete();
        return null;
    }

    private static Exception? Apply(ChatStatusTracker tracker, TrackerOperation operation)
    {
        try
        {
            switch (operation)
            {
                case TrackerOperation.Report { ThroughUpdate: true } r:
                    tracker.Update(new ChatStatus { Step = r.Step, Description = r.Description!, State = r.State, ParentStep = r.Parent, Progress = r.Progress });
                    break;
                case TrackerOperation.Report r when ThroughReportProgress(r):
                    tracker.ReportProgress(r.Step, r.Progress!.Value, r.Description);
                    break;
                case TrackerOperation.Report r:
                    _ = r.State switch
                    {
                        StatusState.Pending => tracker.Pending(r.Step, r.Description!),
                        StatusState.Executing => tracker.Executing(r.Step, r.Description!),
                        StatusState.Completed => tracker.Completed(r.Step, r.Description!),
                        StatusState.Failed when r.WithException => tracker.Failed(r.Step, r.Description!, new InvalidOperationException("boom")),
                        StatusState.Failed => tracker.Failed(r.Step, r.Description!),
                        StatusState.AwaitingInput => tracker.AwaitingInput(r.Step, r.Description!),
                        _ => tracker.Update(new ChatStatus { Step = r.Step, Description = r.Description!, State = r.State }),
                    };
                    break;
                case TrackerOperation.Reset:
                    tracker.Reset();
                    break;
                default:
                    tracker.Complete();
                    break;
            }

            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static bool ThroughReportProgress(TrackerOperation.Report report) =>
        report is { ThroughUpdate: false, State: StatusState.Executing, Progress: not null };

    private static void AssertSame(TrackerModel model, ChatStatusTracker tracker, Support.GrammarObserver<ChatStatus> observer, ExecutionSummary? running, int index)
    {
        var at = $"after operation {index}";
        Assert.Equal(model.History, tracker.History.Select(AsModel));
        Assert.Equal(model.History.Count == 0 ? null : model.History[^1].Sequence, tracker.Current?.Sequence);
        Assert.Equal(model.Failures, tracker.Failures.Select(AsModel));
        Assert.True(model.Failures.Count > 0 == tracker.HasFailures, $"HasFailures {at}");
        Assert.Equal(model.Sequence, tracker.LastSequence);
        Assert.Equal(model.Completed, tracker.IsCompleted);

        var summary = tracker.GetSummary();
        var steps = model.Steps.OrderBy(s => s.Key).Select(s => (s.Key, s.Value.Description, s.Value.State, s.Value.Attempts, s.Value.Parent));
        Assert.Equal(steps, summary.Steps.OrderBy(s => s.Step).Select(s => (s.Step, s.Description, s.State, s.Attempts, s.ParentStep)));
        Assert.Equal(model.Steps.Count, summary.TotalSteps);
        Assert.Equal(model.Steps.Count(s => s.Value.State == StatusState.Completed), summary.CompletedSteps);
        Assert.Equal(model.Steps.Count(s => s.Value.State == StatusState.Failed), summary.FailedSteps);
        Assert.Equal(model.Steps.Count(s => s.Value.State == StatusState.AwaitingInput), summary.AwaitingInputSteps);
        Assert.Equal(model.Failures, summary.Failures.Select(AsModel));
        Assert.InRange(tracker.GetProgress().Percent, model.Percent() - 1e-6, model.Percent() + 1e-6);

        // RunningSummary, built incrementally from the stream, ends where the tracker's own summary is (its duration
        // differs only once the tracker completed, which then counts to the completion).
        if (running is not null && !tracker.IsCompleted)
        {
            Assert.Equal(summary, running);
        }

        Assert.Equal(model.Delivered, observer.Values.Select(s => (s.Sequence, s.IsReset)));
        Assert.Equal(model.Completed ? 1 : 0, observer.CompletedCount);
        Assert.Empty(observer.Violations);
    }

    private static ModelStatus AsModel(ChatStatus s) => new(s.Sequence, s.Step, s.Description, s.State, s.ParentStep, s.Progress);
}
