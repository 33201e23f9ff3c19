using System.Net;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Endpoints;

/// <summary>
/// <see cref="StatusEndpointOptions.UnknownOperationWait"/>: a request for an operation the hub does not hold yet (another
/// server's, not found by this server's mirror yet) waits for it instead of getting a 404 at once.
/// </summary>
public sealed class UnknownOperationWaitTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private readonly WaitWatch _clock = new();
    private readonly StatusHub _hub = new();
    private StatusServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await StatusServer.StartAsync(_hub, new StatusEndpointOptions { UnknownOperationWait = Wait, Clock = _clock, ServerHasBacklog = () => false });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _hub.Dispose();
    }

    [Fact]
    public async Task An_event_stream_asked_for_before_the_operation_is_added_is_served_once_it_is()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/status/late/events", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/event-stream");
        var responding = _server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        // The server waits (its timer for the wait is set): only now is the operation added.
        await _clock.WaitStarted().WaitAsync(timeout.Token);
        Assert.False(responding.IsCompleted);
        var late = _hub.Create("late");
        late.Executing(1, ChatStatusMessages.AnalyzingQuery);
        late.Complete();

        using var response = await responding;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = await reader.ReadToEndAsync(timeout.Token);
        Assert.Equal(["message", "complete"], events.Select(e => e.Event));
        Assert.Equal((1L, ChatStatusMessages.AnalyzingQuery), (events[0].Status.Sequence, events[0].Status.Description));
    }

    [Fact]
    public async Task An_operation_never_added_is_404_once_the_wait_is_over()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var responding = _server.Client.GetAsync(new Uri("/status/nobody", UriKind.Relative), timeout.Token);
        await _clock.WaitStarted().WaitAsync(timeout.Token);

        _clock.Advance(Wait);

        using var response = await responding;
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [ChromiumFact]
    public async Task A_browsers_EventSource_opened_before_the_operation_is_added_reads_every_status()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_server.Address.ToString());
        var reading = page.EvaluateAsync<string>(
            """
            url => new Promise((resolve, reject) => {
              const source = new EventSource(url);
              const ids = [];
              source.onmessage = e => ids.push(e.lastEventId);
              source.addEventListener('complete', () => { source.close(); resolve(ids.join(',')); });
              source.onerror = () => { source.close(); reject(new Error('The event stream failed.')); };
            })
            """,
            new Uri(_server.Address, "/status/late/events").ToString());

        await _clock.WaitStarted().WaitAsync(Bound);
        var late = _hub.Create("late");
        late.Executing(1, ChatStatusMessages.AnalyzingQuery);
        late.Completed(1, ChatStatusMessages.QueryPrepared);
        late.Complete();

        Assert.Equal("1,2", await reading.WaitAsync(Bound));
    }

    [Fact]
    public async Task An_operation_the_hub_holds_is_served_without_a_wait()
    {
        _hub.Create("here").Executing(1, ChatStatusMessages.AnalyzingQuery);

        using var response = await _server.Client.GetAsync(new Uri("/status/here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_clock.Started);
    }

    /// <summary>A fake clock that tells when a request's wait has begun (its timer has the wait's due time).</summary>
    private sealed class WaitWatch : FakeTimeProvider
    {
        private readonly Lock _gate = new();
        private readonly List<TaskCompletionSource> _waiting = [];

        public List<TimeSpan> Started { get; } = [];

        public Task WaitStarted()
        {
            lock (_gate)
            {
                var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (Started.Contains(Wait))
                {
                    started.SetResult();
                }
                else
                {
                    _waiting.Add(started);
                }

                return started.Task;
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_gate)
            {
                Started.Add(dueTime);
                if (dueTime == Wait)
                {
                    _waiting.ForEach(w => w.TrySetResult());
                    _waiting.Clear();
                }
            }

            return timer;
        }
    }
}
