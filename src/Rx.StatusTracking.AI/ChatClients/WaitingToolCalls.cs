using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>
/// The tool calls of one session that wait to run, in the order they were asked for under each call id. Call ids are
/// the model's: some servers send one constant id, or an empty one, for every call, so an id may name several
/// waiting calls. A call is found by its own <see cref="FunctionCallContent"/> instance first (the function-invocation
/// client invokes the instance the response carried), and by its id only when the instance is not known (an approval
/// answer rebuilt from a stored conversation): then the oldest waiting call of that id.
/// </summary>
internal sealed class WaitingToolCalls
{
    // The first (oldest) waiting call of each id; the others follow through WaitingToolCall.Next.
    private readonly Dictionary<string, WaitingToolCall> _first = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _count;

    /// <summary>Whether no call waits: asked at the start of every request, without the lock.</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <summary>Adds a call after the calls already waiting under its id; <paramref name="queued"/> when a request will invoke it.</summary>
    public void Add(WaitingToolCall call, bool queued)
    {
        lock (_gate)
        {
            call.Queued = queued;
            if (_first.TryGetValue(call.Call.CallId, out var first))
            {
                while (first.Next is not null)
                {
                    first = first.Next;
                }

                first.Next = call;
            }
            else
            {
                _first.Add(call.Call.CallId, call);
            }

            _count++;
        }
    }

    /// <summary>Takes out the call being invoked: this very call, else the oldest queued call of its id, else the oldest of its id.</summary>
    public WaitingToolCall? TakeInvoked(FunctionCallContent call)
    {
        lock (_gate)
        {
            var found = Same(call) ?? Oldest(call.CallId, static waiting => waiting.Queued) ?? Oldest(call.CallId, static _ => true);
            if (found is not null)
            {
                Unlink(found);
            }

            return found;
        }
    }

    /// <summary>
    /// Settles the call an approval answer names (this very call, else the oldest of its id that no request queued yet):
    /// an approved one is queued (and stays), a rejected one is taken out.
    /// </summary>
    public WaitingToolCall? Answer(FunctionCallContent call, bool approved)
    {
        lock (_gate)
        {
            var found = Same(call) ?? Oldest(call.CallId, static waiting => !waiting.Queued);
            if (found is not null)
            {
                if (approved)
                {
                    found.Queued = true;
                }
                else
                {
                    Unlink(found);
                }
            }

            return found;
        }
    }

    /// <summary>Takes <paramref name="call"/> out if it still waits; <see langword="false"/> once it was invoked or answered.</summary>
    public bool Remove(WaitingToolCall call)
    {
        lock (_gate)
        {
            if (!call.Waiting)
            {
                return false;
            }

            Unlink(call);
            return true;
        }
    }

    /// <summary>Forgets the calls asked for before the tracker's reset number <paramref name="generation"/>: their steps mean nothing now.</summary>
    public void RemoveOtherThan(long generation)
    {
        lock (_gate)
        {
            List<WaitingToolCall>? stale = null;
            foreach (var first in _first.Values)
            {
                for (var waiting = first; waiting is not null; waiting = waiting.Next)
                {
                    if (waiting.Generation != generation)
                    {
                        (stale ??= []).Add(waiting);
                    }
                }
            }

            stale?.ForEach(Unlink);
        }
    }

    private WaitingToolCall? Same(FunctionCallContent call)
    {
        if (_first.TryGetValue(call.CallId, out var waiting))
        {
            for (; waiting is not null; waiting = waiting.Next)
            {
                if (ReferenceEquals(waiting.Call, call))
                {
                    return waiting;
                }
            }
        }

        return null;
    }

    private WaitingToolCall? Oldest(string callId, Func<WaitingToolCall, bool> match)
    {
        if (_first.TryGetValue(callId, out var waiting))
        {
            for (; waiting is not null; waiting = waiting.Next)
            {
                if (match(waiting))
                {
                    return waiting;
                }
            }
        }

        return null;
    }

    private void Unlink(WaitingToolCall call)
    {
        var id = call.Call.CallId;
        var first = _first[id];
        if (ReferenceEquals(first, call))
        {
            if (call.Next is { } next)
            {
                _first[id] = next;
            }
            else
            {
                _first.Remove(id);
            }
        }
        else
        {
            var previous = first;
            while (!ReferenceEquals(previous.Next, call))
            {
                previous = previous.Next!;
            }

            previous.Next = call.Next;
        }

        call.Next = null;
        call.Waiting = false;
        _count--;
    }
}
