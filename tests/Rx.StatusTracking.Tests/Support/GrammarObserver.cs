namespace Rx.StatusTracking.Tests.Support;

/// <summary>
/// Records what it receives and checks the Rx grammar as it goes: OnNext* then at most one
/// OnCompleted or OnError, and never two calls at once. Violations are collected, not thrown,
/// because the tracker isolates observer exceptions by design.
/// </summary>
public sealed class GrammarObserver<T> : IObserver<T>
{
    private readonly List<T> _values = [];
    private readonly List<string> _violations = [];
    private int _inCall;
    private bool _terminated;

    public IReadOnlyList<T> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_violations)
            {
                return [.. _violations];
            }
        }
    }

    public int CompletedCount { get; private set; }

    public Exception? Error { get; private set; }

    public Action<T>? OnEach { get; init; }

    public void OnNext(T value)
    {
        Enter("OnNext");
        try
        {
            if (_terminated)
            {
                Violate("OnNext after termination");
            }

            lock (_values)
            {
                _values.Add(value);
            }

            OnEach?.Invoke(value);
        }
        finally
        {
            Exit();
        }
    }

    public void OnCompleted()
    {
        Enter("OnCompleted");
        if (_terminated)
        {
            Violate("second termination (OnCompleted)");
        }

        _terminated = true;
        CompletedCount++;
        Exit();
    }

    public void OnError(Exception error)
    {
        Enter("OnError");
        if (_terminated)
        {
            Violate("second termination (OnError)");
        }

        _terminated = true;
        Error = error;
        Exit();
    }

    private void Enter(string call)
    {
        if (Interlocked.Increment(ref _inCall) != 1)
        {
            Violate($"overlapping call to {call}");
        }
    }

    private void Exit() => Interlocked.Decrement(ref _inCall);

    private void Violate(string what)
    {
        lock (_violations)
        {
            _violations.Add(what);
        }
    }
}
