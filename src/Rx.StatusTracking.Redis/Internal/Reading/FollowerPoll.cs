namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The slow poll of a source's stream followers, in case a notification is lost: one timer of the source's clock for
/// all of them, rather than one per follower per wait (a mirror follows thousands of operations). The followers are
/// spread over up to <see cref="MaxSlices"/> slices, and each tick wakes one slice, so every follower is woken once per
/// interval but a mirror of thousands of quiet operations reads a slice's worth at a time rather than all of them at
/// once, which would hold up the live reads behind it. The timer runs while anyone is registered.
/// </summary>
internal sealed class FollowerPoll
{
    /// <summary>The most slices the followers are spread over.</summary>
    public const int MaxSlices = 8;

    // Ticks closer than this would cost more in timer wakes than spreading saves: a short interval gets fewer slices.
    private static readonly TimeSpan ShortestTick = TimeSpan.FromMilliseconds(50);

    private readonly HashSet<Registration>[] _slices;
    private readonly TimeSpan _tick;
    private readonly TimeProvider _time;
    private int _registered;
    private int _next;
    private ITimer? _timer;

    /// <param name="interval">How often each follower is woken.</param>
    /// <param name="time">The clock of the ticks.</param>
    public FollowerPoll(TimeSpan interval, TimeProvider time)
    {
        var slices = SlicesOf(interval);
        _slices = [.. Enumerable.Range(0, slices).Select(_ => new HashSet<Registration>())];
        _tick = interval / slices;
        _time = time;
    }

    /// <summary>How many slices the followers of a poll of this interval are spread over: one per tick.</summary>
    public static int SlicesOf(TimeSpan interval) => (int)Math.Clamp(interval.Ticks / ShortestTick.Ticks, 1, MaxSlices);

    /// <summary>Wakes <paramref name="follower"/> once per interval until the returned registration is disposed.</summary>
    public Registration Register(Signal follower) => Register(follower.Set);

    /// <summary>Calls <paramref name="wake"/> once per interval (while not paused) until the returned registration is disposed.</summary>
    public Registration Register(Action wake)
    {
        lock (_slices)
        {
            // The smallest slice, so slices stay even as followers come and go.
            var slice = 0;
            for (var i = 1; i < _slices.Length; i++)
            {
                if (_slices[i].Count < _slices[slice].Count)
                {
                    slice = i;
                }
            }

            var registration = new Registration(this, wake, slice);
            _slices[slice].Add(registration);
            _registered++;
            _timer ??= _time.CreateTimer(static poll => ((FollowerPoll)poll!).Tick(), this, _tick, _tick);
            return registration;
        }
    }

    private void Tick()
    {
        // Under the lock, so no follower is woken once its registration is disposed (and its signal with it).
        lock (_slices)
        {
            foreach (var follower in _slices[_next])
            {
                if (!follower.Paused)
                {
                    follower.Wake();
                }
            }

            _next = (_next + 1) % _slices.Length;
        }
    }

    private void Unregister(Registration follower)
    {
        lock (_slices)
        {
            if (_slices[follower.Slice].Remove(follower) && --_registered == 0)
            {
                _timer?.Dispose();
                _timer = null;
                _next = 0;
            }
        }
    }

    /// <summary>A follower's place in the poll: disposing it leaves the poll.</summary>
    public sealed class Registration(FollowerPoll poll, Action wake, int slice) : IDisposable
    {
        private int _disposed;
        private volatile bool _paused;

        /// <summary>Whether the ticks pass this follower by (while it backs off after a failed read, say).</summary>
        public bool Paused
        {
            get => _paused;
            set => _paused = value;
        }

        public int Slice => slice;

        public void Wake() => wake();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                poll.Unregister(this);
            }
        }
    }
}
