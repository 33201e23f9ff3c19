using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Lifecycle;

public class RunAsyncTests
{
    [Theory]
    [InlineData(StatusValidation.Lenient)]
    [InlineData(StatusValidation.Strict)]
    public async Task Returning_work_completes_the_operation_and_ends_the_steps_it_left_open(StatusValidation validation)
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler, validation);
        var events = new List<string>();
        using var watching = hub.Events.Subscribe(e => events.Add($"{e.Kind}:{e.OperationId}"));
        ChatStatusTracker? seen = null;

        var answer = await hub.RunAsync("turn-1", async tracker =>
        {
            seen = tracker;
            tracker.Executing(1, "Analyzing.");
            scheduler.AdvanceBy(10);
            tracker.Completed(1, "Analyzed.");
            tracker.Executing(2, "Searching.");
            tracker.Pending(3, "Summarize.");
            tracker.AwaitingInput(4, "Waiting for an approval.");
            scheduler.AdvanceBy(5);
            await Task.Yield();
            return 42;
        });

        Assert.Equal(42, answer);
        Assert.True(hub.TryGet("turn-1", out var tracker));
        Assert.Same(seen, tracker);
        Assert.True(tracker.IsCompleted);
        Assert.Equal(
        [
            "0:1 Executing: Analyzing.",
            "10:1 Completed: Analyzed.",
            "10:2 Executing: Searching.",
            "10:3 Pending: Summarize.",
            "10:4 AwaitingInput: Waiting for an approval.",
            "15:2 Failed: Step 2 did not finish: the operation ended first.",
            "15:3 Failed: Step 3 did not run: the operation ended first.",
            "15:4 Failed: Step 4 did not finish: the operation ended first.",
        ], tracker.History());
        Assert.Equal(["Added:turn-1", "Completed:turn-1"], events);
    }

    [Theory]
    [InlineData(StatusValidation.Lenient)]
    [InlineData(StatusValidation.Strict)]
    public async Task An_exception_fails_the_running_steps_with_it_and_is_rethrown_unchanged(StatusValidation validation)
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler, validation);
        var boom = new TimeoutException("The search engine did not answer");

        var thrown = await Assert.ThrowsAsync<TimeoutException>(() => hub.RunAsync("turn-1", async tracker =>
        {
            tracker.Executing(1, "Searching.");
            tracker.Pending(2, "Summarize.");
            tracker.AwaitingInput(3, "Waiting for an approval.");
            scheduler.AdvanceBy(7);
            await Task.Yield();
            throw boom;
        }));

        Assert.Same(boom, thrown);
        Assert.True(hub.TryGet("turn-1", out var tracker));
        Assert.True(tracker.IsCompleted);
        Assert.Equal(
        [
            "0:1 Executing: Searching.",
            "0:2 Pending: Summarize.",
            "0:3 AwaitingInput: Waiting for an approval.",
            "7:1 Failed: Step 1 failed: The search engine did not answer. [System.TimeoutException]",
            "7:2 Failed: Step 2 did not run: the operation failed.",
            "7:3 Failed: Step 3 failed: The search engine did not answer. [System.TimeoutException]",
        ], tracker.History());
        Assert.Equal(thrown.Message, tracker.Failures[0].Error!.Message);
    }

    [Fact]
    public async Task An_exception_while_no_step_runs_is_recorded_on_a_step_of_its_own()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);

        await Assert.ThrowsAsync<InvalidOperationException>(() => hub.RunAsync("turn-1", tracker =>
        {
            tracker.Executing(1, "Analyzing.");
            tracker.Completed(1, "Analyzed.");
            scheduler.AdvanceBy(3);
            throw new InvalidOperationException("No model is configured.");
        }));

        Assert.True(hub.TryGet("turn-1", out var tracker));
        Assert.Equal(
        [
            "0:1 Executing: Analyzing.",
            "0:1 Completed: Analyzed.",
            "3:2 Failed: The operation failed: No model is configured. [System.InvalidOperationException]",
        ], tracker.History());
        Assert.Equal(1, tracker.GetSummary().FailedSteps);
    }

    [Fact]
    public async Task An_exception_a_step_helper_recorded_is_not_recorded_twice()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);

        await Assert.ThrowsAsync<HttpRequestException>(() => hub.RunAsync("turn-1", async (tracker, token) =>
        {
            tracker.Executing(1, "Planning.");
            await tracker.RunStepAsync(2, "Calling the API.", _ =>
            {
                scheduler.AdvanceBy(4);
                throw new HttpRequestException("HTTP 503");
            }, token);
        }));

        Assert.True(hub.TryGet("turn-1", out var tracker));
        Assert.Equal(
        [
            "0:1 Executing: Planning.",
            "0:2 Executing: Calling the API.",
            "4:2 Failed: Step 2 failed: HTTP 503. [System.Net.Http.HttpRequestException]",
            "4:1 Failed: Step 1 did not finish: the operation failed.",
        ], tracker.History());
    }

    [Fact]
    public async Task An_exception_the_work_recorded_with_Failed_itself_is_not_recorded_twice()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);

        // What the chat tracking does for a model call that throws: Failed with the exception, then the exception goes on.
        await Assert.ThrowsAsync<HttpRequestException>(() => hub.RunAsync("turn-1", tracker =>
        {
            tracker.Executing(1, "Calling the model.");
            scheduler.AdvanceBy(3);
            var error = new HttpRequestException("HTTP 429");
            tracker.Failed(1, "The model call failed: HTTP 429.", error);
            throw error;
        }));

        Assert.True(hub.TryGet("turn-1", out var tracker));
        Assert.Equal(
        [
            "0:1 Executing: Calling the model.",
            "3:1 Failed: The model call failed: HTTP 429. [System.Net.Http.HttpRequestException]",
        ], tracker.History());
    }

    [Fact]
    public async Task Cancellation_by_the_given_token_is_recorded_as_a_cancellation()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);
        using var cancel = new CancellationTokenSource();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hub.RunAsync("turn-1", async (tracker, token) =>
        {
            tracker.Executing(1, "Searching.");
            tracker.Pending(2, "Summarize.");
            await cancel.CancelAsync();
            token.ThrowIfCancellationRequested();
        }, cancel.Token));
        var idle = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hub.RunAsync("turn-2", (_, token) => Task.FromCanceled(token), cancel.Token));

        Assert.Equal(cancel.Token, thrown.CancellationToken);
        Assert.True(hub.TryGet("turn-1", out var first));
        Assert.True(hub.TryGet("turn-2", out var second));
        Assert.Equal(
        [
            "0:1 Executing: Searching.",
            "0:2 Pending: Summarize.",
            "0:1 Failed: Step 1 was cancelled. [System.OperationCanceledException]",
            "0:2 Failed: Step 2 did not run: the operation was cancelled.",
        ], first.History());
        Assert.Equal(["0:1 Failed: The operation was cancelled. [System.Threading.Tasks.TaskCanceledException]"], second.History());
        Assert.True(second.IsCompleted);
    }

    [Fact]
    public async Task A_cancellation_from_another_token_is_a_failure()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);
        using var caller = new CancellationTokenSource();

        await Assert.ThrowsAsync<TaskCanceledException>(() => hub.RunAsync("turn-1", tracker =>
        {
            tracker.Executing(1, "Calling the API.");
            throw new TaskCanceledException("The request timed out.");
        }, caller.Token));

        Assert.True(hub.TryGet("turn-1", out var tracker));
        Assert.Equal(
        [
            "0:1 Executing: Calling the API.",
            "0:1 Failed: Step 1 failed: The request timed out. [System.Threading.Tasks.TaskCanceledException]",
        ], tracker.History());
    }

    [Theory]
    [InlineData(StatusValidation.Lenient)]
    [InlineData(StatusValidation.Strict)]
    public async Task A_tracker_the_work_completed_itself_never_masks_its_exception(StatusValidation validation)
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler, validation);
        var boom = new FormatException("bad answer");

        var thrown = await Assert.ThrowsAsync<FormatException>(() => hub.RunAsync("turn-1", tracker =>
        {
            tracker.Executing(1, "Parsing.");
            tracker.Complete();
            throw boom;
        }));

        Assert.Same(boom, thrown);
        Assert.True(hub.TryGet("turn-1", out var tracker));
        Assert.Equal(["0:1 Executing: Parsing."], tracker.History());
    }

    [Fact]
    public async Task Work_that_throws_before_returning_a_task_is_recorded_and_rethrown()
    {
        using var hub = Lines.Hub(new TestScheduler());

        await Assert.ThrowsAsync<NotSupportedException>(() => hub.RunAsync("turn-1", (Func<ChatStatusTracker, Task>)(_ => throw new NotSupportedException("sync"))));
        await Assert.ThrowsAsync<NullReferenceException>(() => hub.RunAsync("turn-2", _ => null!));

        Assert.True(hub.TryGet("turn-1", out var first));
        Assert.True(hub.TryGet("turn-2", out var second));
        Assert.Equal(["0:1 Failed: The operation failed: sync. [System.NotSupportedException]"], first.History());
        Assert.Equal(1, second.GetSummary().FailedSteps);
        Assert.True(second.IsCompleted);
    }

    [Fact]
    public async Task Bad_arguments_and_a_refused_operation_throw_before_the_work_runs()
    {
        using var hub = Lines.Hub(new TestScheduler(), maxOperations: 1);
        var ran = 0;
        Task Work(ChatStatusTracker _)
        {
            ran++;
            return Task.CompletedTask;
        }

        Assert.Throws<ArgumentNullException>("hub", () => { _ = ((StatusHub)null!).RunAsync("turn-1", Work); });
        Assert.Throws<ArgumentNullException>("work", () => { _ = hub.RunAsync("turn-1", (Func<ChatStatusTracker, Task>)null!); });
        Assert.Throws<ArgumentNullException>("work", () => { _ = hub.RunAsync("turn-1", (Func<ChatStatusTracker, CancellationToken, Task>)null!); });
        Assert.Throws<ArgumentNullException>("work", () => { _ = hub.RunAsync("turn-1", (Func<ChatStatusTracker, Task<int>>)null!); });
        Assert.Throws<ArgumentNullException>("work", () => { _ = hub.RunAsync("turn-1", (Func<ChatStatusTracker, CancellationToken, Task<int>>)null!); });
        Assert.Throws<ArgumentException>("operationId", () => { _ = hub.RunAsync("bad id", Work); });
        Assert.Throws<ArgumentNullException>("hub", () => ((StatusHub)null!).Start("turn-1"));
        Assert.Throws<ArgumentException>("operationId", () => hub.Start(""));
        var running = hub.Create("running");
        Assert.Equal("running", Assert.Throws<OperationExistsException>("operationId", () => { _ = hub.RunAsync("running", Work); }).OperationId);
        Assert.Throws<OperationExistsException>("operationId", () => hub.Start("running"));
        Assert.Throws<StatusHubFullException>(() => { _ = hub.RunAsync("turn-1", Work); });
        Assert.Throws<StatusHubFullException>(() => hub.Start("turn-1"));

        Assert.Equal(0, ran);
        Assert.Equal(["running"], hub.OperationIds);
        Assert.False(running.IsCompleted);
        await Task.CompletedTask;
    }
}
