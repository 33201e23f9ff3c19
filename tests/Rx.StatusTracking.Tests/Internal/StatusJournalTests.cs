using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Tests.Internal;

public class StatusJournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static ChatStatus Append(StatusJournal journal, int step, StatusState state, DateTimeOffset at, out JournalTrims trims, bool stamped = true)
    {
        ref var entry = ref journal.Find(step, out var existed);
        return journal.Append(ref entry, existed, step, $"step {step} {state}", state, at, stamped, data: null, error: null, out trims);
    }

    [Fact]
    public void Appends_are_numbered_and_stamped_in_time_order_while_given_timestamps_are_kept()
    {
        var journal = new StatusJournal(historyLimit: 10);

        var first = Append(journal, 1, StatusState.Executing, T0.AddTicks(20), out _);
        var raced = Append(journal, 2, StatusState.Executing, T0.AddTicks(10), out _); // a clock read that lost a race
        var given = Append(journal, 3, StatusState.Pending, T0.AddTicks(5), out _, stamped: false);

        Assert.Equal([1L, 2L, 3L], [first.Sequence, raced.Sequence, given.Sequence]);
        Assert.Equal(T0.AddTicks(20), raced.Timestamp);
        Assert.Equal(T0.AddTicks(5), given.Timestamp);
        Assert.Equal(3, journal.LastSequence);
        Assert.Same(given, journal.Current);
        Assert.Equal(4, journal.ReserveStep());
    }

    [Fact]
    public void A_trim_is_flagged_when_it_starts_and_then_once_per_limit_of_drops()
    {
        var journal = new StatusJournal(historyLimit: 3);
        var flagged = new List<int>();
        for (var step = 1; step <= 10; step++)
        {
            Append(journal, step, StatusState.Failed, T0.AddTicks(step), out var trims);
            if (trims != JournalTrims.None)
            {
                flagged.Add(step);
                Assert.Equal(JournalTrims.History | JournalTrims.Failures, trims);
            }
        }

        // Drops start at the 4th status; reported then, and every 3rd drop after.
        Assert.Equal([4, 7, 10], flagged);
        Assert.Equal(7, journal.HistoryDropped);
        Assert.Equal([8, 9, 10], journal.History.Select(s => s.Step));
        Assert.Equal([8, 9, 10], journal.Failures.Select(s => s.Step));
        var report = journal.TrimReport(JournalTrims.Failures, journal.Current!);
        Assert.Equal(StatusTrackingErrorKind.FailuresTrimmed, report.Kind);
        Assert.Equal(7, report.Count);
        Assert.Equal("The retained failures are full (3): the oldest statuses are being dropped; 7 dropped since the last reset.", report.Message);
    }

    [Fact]
    public void A_reset_clears_everything_but_the_sequence_and_restarts_the_trim_cadence()
    {
        var journal = new StatusJournal(historyLimit: 2);
        for (var step = 1; step <= 3; step++)
        {
            Append(journal, step, StatusState.Failed, T0.AddTicks(step), out _);
        }

        var marker = journal.Reset(journal.ResetMarker(T0));

        Assert.True(marker.IsReset);
        Assert.Equal(4, marker.Sequence);
        Assert.Equal(T0.AddTicks(3), marker.Timestamp); // not before the last stamp
        Assert.Equal(1, journal.ResetCount);
        Assert.Null(journal.Current);
        Assert.False(journal.HasFailures);
        Assert.Equal(0, journal.HistoryDropped);
        Assert.Equal(ExecutionSummary.Empty, journal.Summary(completedAt: null));
        Assert.Equal(1, journal.ReserveStep());
        Append(journal, 1, StatusState.Executing, T0.AddTicks(4), out _);
        Append(journal, 2, StatusState.Executing, T0.AddTicks(5), out _);
        Append(journal, 3, StatusState.Executing, T0.AddTicks(6), out var trims);
        Assert.Equal(JournalTrims.History, trims);
    }

    [Fact]
    public void Imports_keep_sequence_and_time_and_skip_duplicates()
    {
        var journal = new StatusJournal(historyLimit: 10);
        var imported = new ChatStatus(2, "Running.", StatusState.Executing, T0.AddTicks(7), data: null, error: null, sequence: 40);

        Assert.True(journal.Import(imported, out _));
        Assert.False(journal.Import(imported with { Step = 3 }, out _));
        Assert.False(journal.Import(imported with { Sequence = 39 }, out _));

        Assert.Equal(40, journal.LastSequence);
        Assert.Same(imported, journal.Current);
        var next = Append(journal, 2, StatusState.Completed, T0, out _);
        Assert.Equal(41, next.Sequence);
        Assert.Equal(T0.AddTicks(7), next.Timestamp);
        Assert.Equal(new ProgressSnapshot { Pending = 0, Executing = 0, Completed = 1, Failed = 0, Percent = 100, Elapsed = TimeSpan.Zero }, journal.Progress(expectedSteps: null));
    }

    [Fact]
    public void Under_a_budget_the_journal_adds_what_it_retains_to_the_totals_sheds_and_conflates_and_releases_it()
    {
        var totals = new RetainedTotals(maxBytes: StatusHubOptions.MinRetainedBytes);
        var journal = new StatusJournal(historyLimit: 10, totals);
        ChatStatus Add(int step, StatusState state, long weight)
        {
            ref var entry = ref journal.Find(step, out var existed);
            return journal.Append(ref entry, existed, step, $"{step} {state}", state, T0, stamped: true, data: "payload", error: null, out _, weight: weight);
        }

        Add(1, StatusState.Executing, 10);
        var failed = Add(1, StatusState.Failed, 20);
        Add(2, StatusState.Executing, 40);
        var latest = Add(2, StatusState.Executing, 80);
        Assert.Equal(10 + 20 + 40 + 80 + 20, totals.Bytes); // the failure is in the history and in the failures

        Assert.Equal(2, journal.ConflateHistory());
        Assert.Equal([failed, latest], journal.History);
        Assert.Equal(20 + 80 + 20, totals.Bytes);
        Assert.Equal(2, journal.HistoryDropped);

        var summary = journal.Summary(completedAt: null);
        Assert.Equal(2, journal.ShedHistory());
        Assert.Empty(journal.History);
        Assert.Equal(summary, journal.Summary(completedAt: null));
        Assert.Null(Assert.Single(journal.Summary(null).Steps, s => s.Step == 2).Progress);
        Assert.Equal(20, totals.Bytes);
        Assert.Equal(4, totals.HistoryDropped);

        journal.Release();
        Assert.Equal(0, totals.Bytes);
        Add(3, StatusState.Executing, 5);
        Assert.Equal(0, totals.Bytes);
    }
}
