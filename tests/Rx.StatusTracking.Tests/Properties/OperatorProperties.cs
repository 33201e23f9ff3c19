using System.Reactive;
using System.Reactive.Concurrency;
using CsCheck;
using Microsoft.Reactive.Testing;

namespace Rx.StatusTracking.Tests.Properties;

/// <summary>
/// Random timed inputs on a <see cref="TestScheduler"/> (statuses on a few steps at random ticks, ending with
/// OnCompleted, OnError, or not at all) through the time-based operators; each property holds for every input.
/// </summary>
public class OperatorProperties
{
    private const int Iterations = 2_000;
    private static readonly TimeSpan Window = TimeSpan.FromTicks(10);

    private static readonly Gen<TimedInput> Inputs = Gen.Select(
        Gen.Select(Gen.Int[0, 15], Gen.Int[1, 4], Gen.Enum<StatusState>(), (gap, step, state) => (gap, step, state)).Array[0, 30],
        Gen.Int[0, 2],
        (statuses, ending) => new TimedInput(statuses, (Ending)ending));

    private enum Ending
    {
        Completed,
        Error,
        None,
    }

    [Fact]
    public void Conflate_keeps_every_ending_and_the_last_status_in_step_order_and_follows_the_grammar()
    {
        Inputs.Sample(
            input =>
            {
                var (sent, output) = Run(input, (source, scheduler) => source.Conflate(Window, scheduler));
                var received = Values(output);

                // Each step has its own window, so steps may interleave differently; within a step, order holds.
                foreach (var step in sent.Select(s => s.Step).Distinct())
                {
                    AssertSubsequence([.. sent.Where(s => s.Step == step)], [.. received.Where(s => s.Step == step)]);
                    Assert.Equal(sent.Where(s => s.Step == step && s.IsTerminal).Select(s => s.Sequence), received.Where(s => s.Step == step && s.IsTerminal).Select(s => s.Sequence));
                }

                Assert.Equal(received.Count, received.Select(s => s.Sequence).Distinct().Count());
                if (input.Ending != Ending.None && sent.Count > 0)
                {
                    // The last status before the end arrives (not necessarily last: another step may flush after it).
                    Assert.Contains(sent[^1].Sequence, received.Select(s => s.Sequence));
                }

                AssertGrammarAndEnding(input, output);
            },
            iter: Iterations,
            print: input => input.ToString());
    }

    [Fact]
    public void ThrottleUpdates_delivers_the_final_status_in_order_and_follows_the_grammar()
    {
        Inputs.Sample(
            input =>
            {
                var (sent, output) = Run(input, (source, scheduler) => source.ThrottleUpdates(Window, scheduler));
                var received = Values(output);
                AssertSubsequence(sent, received);
                if (input.Ending != Ending.None && sent.Count > 0)
                {
                    Assert.Equal(sent[^1].Sequence, received[^1].Sequence);
                }

                AssertGrammarAndEnding(input, output);
            },
            iter: Iterations,
            print: input => input.ToString());
    }

    [Fact]
    public void BatchUpdates_never_emits_an_empty_or_oversized_batch_and_loses_nothing_on_completion()
    {
        Inputs.Sample(
            input =>
            {
                var (sent, output) = Run(input, (source, scheduler) => source.BatchUpdates(Window, 4, scheduler));
                var batches = Values(output);
                Assert.All(batches, b => Assert.InRange(b.Count, 1, 4));
                var received = batches.SelectMany(b => b).ToList();
                AssertSubsequence(sent, received);
                if (input.Ending == Ending.Completed)
                {
                    Assert.Equal(sent.Select(s => s.Sequence), received.Select(s => s.Sequence));
                }

                AssertGrammarAndEnding(input, output);
            },
            iter: Iterations,
            print: input => input.ToString());
    }

    [Fact]
    public void Progress_percent_stays_within_0_and_100_and_counts_every_step_once()
    {
        Gen.Select(Inputs, Gen.Int[1, 6]).Sample(
            (input, expected) =>
            {
                var (sent, output) = Run(input, (source, _) => source.Progress(expected));
                var snapshots = Values(output);
                Assert.Equal(sent.Count, snapshots.Count);
                Assert.All(snapshots, p => Assert.InRange(p.Percent, 0, 100));
                Assert.All(snapshots, p => Assert.False(double.IsNaN(p.Percent)));
                for (var i = 0; i < snapshots.Count; i++)
                {
                    var seenSteps = sent.Take(i + 1).Select(s => s.Step).Distinct().Count();
                    var p = snapshots[i];
                    Assert.Equal(seenSteps, p.Pending + p.Executing + p.AwaitingInput + p.Completed + p.Failed);
                }

                AssertGrammarAndEnding(input, output);
            },
            iter: Iterations,
            print: t => $"{t.Item1}, expected steps {t.Item2}");
    }

    private static (List<ChatStatus> Sent, IList<Recorded<Notification<T>>> Output) Run<T>(TimedInput input, Func<IObservable<ChatStatus>, IScheduler, IObservable<T>> query)
    {
        var scheduler = new TestScheduler();
        var messages = new List<Recorded<Notification<ChatStatus>>>();
        var sent = new List<ChatStatus>();
        long tick = 100;
        var sequence = 0L;
        foreach (var (gap, step, state) in input.Statuses)
        {
            tick += gap;
            var status = new ChatStatus { Step = step, Description = $"step {step}", State = state, Timestamp = new DateTimeOffset(tick, TimeSpan.Zero), Sequence = ++sequence };
            sent.Add(status);
            messages.Add(new Recorded<Notification<ChatStatus>>(tick, Notification.CreateOnNext(status)));
        }

        tick += 5;
        switch (input.Ending)
        {
            case Ending.Completed:
                messages.Add(new Recorded<Notification<ChatStatus>>(tick, Notification.CreateOnCompleted<ChatStatus>()));
                break;
            case Ending.Error:
                messages.Add(new Recorded<Notification<ChatStatus>>(tick, Notification.CreateOnError<ChatStatus>(new InvalidOperationException("source failed"))));
                break;
        }

        var source = scheduler.CreateHotObservable([.. messages]);
        var observer = scheduler.Start(() => query(source, scheduler), created: 0, subscribed: 50, disposed: tick + 1_000);
        return (sent, observer.Messages);
    }

    private static List<T> Values<T>(IList<Recorded<Notification<T>>> output) =>
        [.. output.Where(m => m.Value.Kind == NotificationKind.OnNext).Select(m => m.Value.Value)];

    private static void AssertSubsequence(List<ChatStatus> sent, List<ChatStatus> received)
    {
        var position = 0;
        foreach (var status in received)
        {
            while (position < sent.Count && sent[position].Sequence != status.Sequence)
            {
                position++;
            }

            Assert.True(position < sent.Count, $"status {status.Sequence} is not in the input, or came out of order");
            position++;
        }
    }

    private static void AssertGrammarAndEnding<T>(TimedInput input, IList<Recorded<Notification<T>>> output)
    {
        var terminals = output.Count(m => m.Value.Kind != NotificationKind.OnNext);
        Assert.True(terminals <= 1, "more than one terminal notification");
        if (terminals == 1)
        {
            Assert.NotEqual(NotificationKind.OnNext, output[^1].Value.Kind);
        }

        var expected = input.Ending switch
        {
            Ending.Completed => NotificationKind.OnCompleted,
            Ending.Error => NotificationKind.OnError,
            _ => (NotificationKind?)null,
        };
        Assert.Equal(expected, terminals == 1 ? output[^1].Value.Kind : null);
        for (var i = 1; i < output.Count; i++)
        {
            Assert.True(output[i - 1].Time <= output[i].Time, "notifications out of time order");
        }
    }

    private sealed record TimedInput((int Gap, int Step, StatusState State)[] Statuses, Ending Ending)
    {
        public override string ToString() =>
            $"{Ending} after [{string.Join(", ", Statuses.Select(s => $"+{s.Gap} step {s.Step} {s.State}"))}]";
    }
}
