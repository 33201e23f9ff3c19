using System.Globalization;
using Rx.StatusTracking.AgUi.Tests.Support;
using Rx.StatusTracking.AspNetCore.Internal;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using static Rx.StatusTracking.AspNetCore.Tests.Streaming.PacedStreamTests;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

/// <summary>
/// Losses a mirrored tracker recorded (<see cref="ChatStatusTracker.RecordLoss"/>) reach event-stream clients as
/// <c>event: gap</c>, once, where the statuses are missing: live and in replay, fresh and resuming; a jump over statuses
/// conflated (by the source, or for a paced connection) stays silent, for a resuming client too unless its resume point is
/// older than what the history dropped.
/// </summary>
public sealed class RecordedLossStreamTests
{
    private static readonly TimeSpan Interval = StatusEndpointOptions.DefaultPacingInterval;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_fresh_client_replaying_a_mirrored_history_gets_a_gap_at_each_recorded_loss_and_none_at_a_declared_jump()
    {
        using var hub = new StatusHub();
        await using var server = await StatusServer.StartAsync(hub);
        MirrorWithLosses(hub.Create("turn-1"));

        var events = await ReadAllAsync(server, "/status/turn-1/events");

        Assert.Equal(["1", "3", "4", "gap {\"after\":4,\"resumedAt\":7}", "7", "gap {\"after\":7,\"resumedAt\":10}", "complete 9"], events.Select(Describe));
    }

    [Fact]
    public async Task A_resuming_client_gets_the_gaps_after_its_resume_point_once_each()
    {
        using var hub = new StatusHub();
        await using var server = await StatusServer.StartAsync(hub);
        MirrorWithLosses(hub.Create("turn-1"));

        var before = await ReadAllAsync(server, "/status/turn-1/events?after=4");
        var inside = await ReadAllAsync(server, "/status/turn-1/events?after=5");

        Assert.Equal(["gap {\"after\":4,\"resumedAt\":7}", "7", "gap {\"after\":7,\"resumedAt\":10}", "complete 9"], before.Select(Describe));
        Assert.Equal(["gap {\"after\":5,\"resumedAt\":7}", "7", "gap {\"after\":7,\"resumedAt\":10}", "complete 9"], inside.Select(Describe));
    }

    [Fact]
    public async Task A_client_resuming_before_a_jump_the_source_made_on_purpose_gets_no_gap_there()
    {
        using var hub = new StatusHub();
        await using var server = await StatusServer.StartAsync(hub);
        MirrorWithLosses(hub.Create("turn-1"));

        var events = await ReadAllAsync(server, "/status/turn-1/events?after=1");

        Assert.Equal(["3", "4", "gap {\"after\":4,\"resumedAt\":7}", "7", "gap {\"after\":7,\"resumedAt\":10}", "complete 9"], events.Select(Describe));
    }

    [Fact]
    public async Task A_client_resuming_on_a_mirror_whose_history_was_trimmed_gets_a_gap_only_if_it_resumes_before_what_was_dropped()
    {
        using var hub = new StatusHub(new StatusHubOptions { HistoryLimit = 3 });
        await using var server = await StatusServer.StartAsync(hub);
        var mirror = hub.Create("turn-1");
        foreach (var sequence in new long[] { 1, 3, 5, 7, 9 })
        {
            mirror.Import(Status(sequence, 1));
        }

        mirror.Complete();

        var beforeTrim = await ReadAllAsync(server, "/status/turn-1/events?after=3");
        var afterTrim = await ReadAllAsync(server, "/status/turn-1/events?after=4");

        Assert.Equal(4, mirror.HistoryDroppedThrough);
        Assert.Equal(["gap {\"after\":3,\"resumedAt\":5}", "5", "7", "9", "complete 9"], beforeTrim.Select(Describe));
        Assert.Equal(["5", "7", "9", "complete 9"], afterTrim.Select(Describe));
    }

    [Fact]
    public async Task A_client_resuming_before_a_reset_is_told_of_the_gap_and_one_that_saw_the_marker_is_not()
    {
        using var hub = new StatusHub();
        await using var server = await StatusServer.StartAsync(hub);
        var tracker = hub.Create("turn-1");
        tracker.Executing(1, "first try");
        tracker.Executing(1, "first try, further");
        tracker.Failed(1, "first try failed");
        tracker.Reset();
        tracker.Executing(1, "second try");
        tracker.Complete();

        var beforeReset = await ReadAllAsync(server, "/status/turn-1/events?after=3");
        var sawMarker = await ReadAllAsync(server, "/status/turn-1/events?after=4");

        Assert.Equal(["gap {\"after\":3,\"resumedAt\":5}", "5", "complete 5"], beforeReset.Select(Describe));
        Assert.Equal(["5", "complete 5"], sawMarker.Select(Describe));
    }

    [Fact]
    public async Task A_live_client_gets_a_gap_where_a_loss_is_recorded_and_none_where_the_source_conflated()
    {
        using var hub = new StatusHub();
        await using var server = await StatusServer.StartAsync(hub);
        using var timeout = new CancellationTokenSource(Bound);
        var mirror = hub.Create("turn-1");
        mirror.Import(Status(1, 1));
        using var response = await OpenAsync(server, "/status/turn-1/events");
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(["1"], (await reader.ReadEventsAsync(1, timeout.Token)).Select(Describe));

        mirror.RecordLoss(3);
        mirror.Import(Status(4, 1));
        var afterLoss = await reader.ReadEventsAsync(2, timeout.Token);
        mirror.Import(Status(6, 1));
        var afterJump = await reader.ReadEventsAsync(1, timeout.Token);
        mirror.RecordLoss(8);
        mirror.Complete();
        var end = await reader.ReadToEndAsync(timeout.Token);

        Assert.Equal(["gap {\"after\":1,\"resumedAt\":4}", "4"], afterLoss.Select(Describe));
        Assert.Equal(["6"], afterJump.Select(Describe));
        Assert.Equal(["gap {\"after\":6,\"resumedAt\":9}", "complete 8"], end.Select(Describe));
    }

    [Fact]
    public async Task A_paced_connection_stays_silent_over_what_it_conflated_and_reports_a_recorded_loss_once_where_it_is()
    {
        var clock = new TimerWatchingTimeProvider();
        var options = new StatusEndpointOptions { Clock = clock, ServerHasBacklog = () => false };
        using var mirror = new ChatStatusTracker();
        using var gone = new CancellationTokenSource(Bound);
        var (run, sink) = await StartWithHeldFirstWriteAsync(options, mirror, gone.Token);
        ReleaseLate(clock, sink);
        sink.HoldNextFlush = true;
        mirror.Import(Status(2, 1));
        await sink.FlushHeld.Reader.ReadAsync(gone.Token);
        ReleaseLate(clock, sink);
        await clock.WhenCreatedAsync(Interval, 1);

        // Paced: step 1's 3 gives way to its 4, a jump from 2 to 4 that loses nothing.
        mirror.Import(Status(3, 1));
        mirror.Import(Status(4, 1));
        mirror.Import(Status(5, 2));
        clock.Advance(Interval);
        await clock.WhenCreatedAsync(Interval, 2);

        // Back to writing every status after this pause (it ended on time): 8..9 are lost, the jump from 7 to 10 crosses them.
        mirror.Import(Status(6, 1));
        mirror.Import(Status(7, 1));
        mirror.RecordLoss(9);
        mirror.Import(Status(10, 1));
        mirror.Import(Status(11, 2));
        mirror.RecordLoss(13);
        mirror.Complete();
        clock.Advance(Interval);
        var report = await run;

        Assert.Equal([1L, 2L, 4L, 5L, 6L, 7L, 10L, 11L], sink.Written.Select(s => s.Sequence));
        Assert.Equal([(6, new StreamGap(7, 10)), (8, new StreamGap(11, 14))], sink.Gaps);
        Assert.True(sink.Completed);
        Assert.Equal(1, report.Conflated);
    }

    // 1, a jump the source made on purpose (2 conflated there), 3, 4, then 5..6 lost, 7, and 8..9 lost before the end.
    private static void MirrorWithLosses(ChatStatusTracker mirror)
    {
        mirror.Import(Status(1, 1));
        mirror.Import(Status(3, 1));
        mirror.Import(Status(4, 2));
        mirror.RecordLoss(6);
        mirror.Import(Status(7, 1));
        mirror.RecordLoss(9);
        mirror.Complete();
    }

    private static ChatStatus Status(long sequence, int step) => new()
    {
        Step = step,
        Description = $"status {sequence}",
        State = StatusState.Executing,
        Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(sequence),
        Sequence = sequence,
    };

    private static string Describe(SseEvent e) => e.Event switch
    {
        "gap" => $"gap {e.Data}",
        "complete" => $"complete {System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("lastSequence").GetInt64()}",
        _ => e.Id!,
    };

    private static async Task<HttpResponseMessage> OpenAsync(StatusServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/event-stream");
        return await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<List<SseEvent>> ReadAllAsync(StatusServer server, string path)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var response = await OpenAsync(server, path);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
