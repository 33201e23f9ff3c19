using System.Collections.ObjectModel;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;

namespace Rx.StatusTracking.Benchmarks.Operators;

/// <summary>
/// Binding 10,000 updates over 50 steps onto an <see cref="ObservableCollection{T}"/>, against a hand-written
/// <c>Subscribe</c> that finds the row by step and replaces it (the anchor). The library is measured twice: with an
/// inline scheduler (every update reaches the collection at once, like the anchor), and with a UI scheduler that
/// runs every 100 updates (updates merged per run, as on a real UI thread). Rx's <c>ImmediateScheduler</c> is not
/// used for the inline case: it allocates a scheduler per call, which would measure Rx rather than the binding.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StepBindingBenchmarks
{
    private const int Updates = 10_000;
    private const int Steps = 50;
    private ChatStatus[] _input = [];

    [GlobalSetup]
    public void Setup() =>
        _input = [.. Enumerable.Range(0, Updates).Select(i => new ChatStatus { Step = i % Steps, Description = "update", State = StatusState.Executing, Data = i })];

    [Benchmark(Baseline = true, Description = "Hand-written find-by-step Replace")]
    public int HandWritten()
    {
        using var source = new Subject<ChatStatus>();
        var rows = new ObservableCollection<ChatStatus>();
        using var subscription = source.Subscribe(s =>
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Step == s.Step)
                {
                    rows[i] = s;
                    return;
                }
            }

            var at = 0;
            while (at < rows.Count && rows[at].Step < s.Step)
            {
                at++;
            }

            rows.Insert(at, s);
        });
        foreach (var status in _input)
        {
            source.OnNext(status);
        }

        return rows.Count;
    }

    [Benchmark(Description = "StepCollection + BindSteps, inline")]
    public int BindImmediate()
    {
        using var source = new Subject<ChatStatus>();
        using var steps = new StepCollection(source);
        var rows = new ObservableCollection<StepRow>();
        using var binding = steps.Connect().BindSteps(rows, InlineScheduler.Instance);
        foreach (var status in _input)
        {
            source.OnNext(status);
        }

        return rows.Count;
    }

    [Benchmark(Description = "StepCollection + BindSteps, UI run every 100")]
    public int BindMerged()
    {
        using var source = new Subject<ChatStatus>();
        using var steps = new StepCollection(source);
        var rows = new ObservableCollection<StepRow>();
        var ui = new HistoricalScheduler();
        using var binding = steps.Connect().BindSteps(rows, ui);
        for (var i = 0; i < _input.Length; i++)
        {
            source.OnNext(_input[i]);
            if (i % 100 == 99)
            {
                ui.Start();
            }
        }

        return rows.Count;
    }
}
