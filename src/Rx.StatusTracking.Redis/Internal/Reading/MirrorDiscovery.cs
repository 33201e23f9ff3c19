using System.Collections.Concurrent;
using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// A mirror's look-out: reads the operations index at start, whenever woken for another reason than an announcement, and
/// at least once per poll interval, and hands each listing to the mirror. Between two readings, the operations the
/// publishers announce (each announcement names one) are handed over as they come, without reading the index: with
/// thousands of operations starting, a reading per announcement would send the whole index each time. An outage is
/// left to the readers to report; any other failure is reported once per episode and tried again at every poll.
/// </summary>
internal sealed class MirrorDiscovery : IDisposable
{
    private readonly OperationIndex _index;
    private readonly Func<IReadOnlyList<string>, bool, Task> _listed;
    private readonly ConcurrentQueue<string> _announced = new();
    private readonly Signal _wake;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly ErrorReports _errors;
    private readonly Action<RedisChannel, RedisValue> _onAnnounce;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    /// <summary>Starts looking.</summary>
    /// <param name="index">The index to read.</param>
    /// <param name="listed">Called with each listing, one at a time, and whether it is the whole index (else: announced ids).</param>
    /// <param name="wake">Set to look at once (an announcement sets it too); the caller owns it.</param>
    /// <param name="pollInterval">The longest wait between two looks.</param>
    /// <param name="time">The clock of the poll.</param>
    /// <param name="errors">Where failures other than outages are reported.</param>
    public MirrorDiscovery(OperationIndex index, Func<IReadOnlyList<string>, bool, Task> listed, Signal wake, TimeSpan pollInterval, TimeProvider time, ErrorReports errors)
    {
        _index = index;
        _listed = listed;
        _wake = wake;
        _pollInterval = pollInterval;
        _time = time;
        _errors = errors;
        _onAnnounce = (_, id) =>
        {
            if (!id.IsNullOrEmpty)
            {
                _announced.Enqueue(id!);
            }

            wake.Set();
        };
        _running = Task.Run(DiscoverAsync);
    }

    /// <summary>Stops looking and waits for the look in progress; never rethrows what discovery met.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _running.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task DiscoverAsync()
    {
        var token = _stop.Token;
        var subscribed = false;
        var failing = false;
        long? listedAt = null;
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    if (!subscribed)
                    {
                        await _index.SubscribeAsync(_onAnnounce).ConfigureAwait(false);
                        subscribed = true;
                    }

                    var announced = new List<string>();
                    while (_announced.TryDequeue(out var id))
                    {
                        announced.Add(id);
                    }

                    if (announced.Count > 0 && listedAt is { } at && _time.GetElapsedTime(at) < _pollInterval)
                    {
                        await _listed(announced, false).ConfigureAwait(false);
                    }
                    else
                    {
                        var started = _time.GetTimestamp();
                        await _listed(await _index.ListAsync().ConfigureAwait(false), true).ConfigureAwait(false);
                        listedAt = started;
                    }

                    failing = false;
                }
                catch (Exception exception) when (RedisNames.IsTransient(exception))
                {
                    // The readers report outages; discovery just tries again at the next poll.
                }
                catch (Exception) when (token.IsCancellationRequested)
                {
                    // Stopping: whatever the look in progress met (a cancelled command, a closed connection) is no failure.
                    return;
                }
                catch (Exception exception)
                {
                    // Anything else (the index key holding another type, a command cancelled under us, not by Dispose) must not
                    // end discovery in silence: reported once per episode, tried again at every poll.
                    if (!failing)
                    {
                        failing = true;
                        _errors.Report(new RedisStatusError(RedisStatusErrorKind.MirrorFailed, $"Finding operations to mirror failed: {exception.Message} It is tried again at every poll.", _time.GetUtcNow()) { Exception = exception });
                    }
                }

                await _wake.WaitAsync(_pollInterval, _time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            if (subscribed)
            {
                _index.Unsubscribe(_onAnnounce);
            }
        }
    }
}
