using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The tool calls of one session that wait to run, in the order they were asked for under each call id. Call ids are
/// the model's: some servers send one constant id, or an empty one, for every call, so an id may name several
/// waiting calls. A call is found by its own <see cref="FunctionCallContent"/> instance first (the function-invocation
/// client invokes the instance the response carried), and by its id only when the instance is not known (an approval
/// answer rebuilt from a stored conversation): then the oldest waiting call of that id.
/// </summary>
/// <remarks>
/// A queued call belongs to a request, which fails it as not run when it ends; a call waiting for an approval belongs to
/// no request, and the answer may never come. So at most <see cref="MaxAwaitingApproval"/> calls wait for an approval:
/// adding one more gives up the oldest of them, which the caller reports as no longer tracked.
/// </remarks>
internal sealed class WaitingToolCalls
{
    /// <summary>How many calls of a session may wait for an approval at once.</summary>
    public const int MaxAwaitingApproval = 1024;

    // The oldest and newest waiting call of each id; the others are linked through WaitingToolCall.Next/Previous.
    private readonly Dictionary<string, (WaitingToolCall First, WaitingToolCall Last)> _byId = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _count;

    // The calls waiting for an approval, oldest first, linked through WaitingToolCall.NewerAwaiting/OlderAwaiting.
    private WaitingToolCall? _oldestAwaiting;
    private WaitingToolCall? _newestAwaiting;
    private int _awaiting;

    /// <summary>Whether no call waits: asked at the start of every request, without the lock.</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <summary>
    /// Adds a call after the calls already waiting under its id; <paramref name="queued"/> when a request will invoke it,
    /// else it waits for an approval.
    /// </summary>
    /// <returns>The call given up to make room (see <see cref="MaxAwaitingApproval"/>), or <see langword="null"/>.</returns>
    public WaitingToolCall? Add(WaitingToolCall call, bool queued)
    {
        lock (_gate)
        {
            ref var chain = ref CollectionsMarshal.GetValueRefOrAddDefault(_byId, call.Call.CallId, out var exists);
            if (exists)
            {
                call.Previous = chain.Last;
                chain.Last.Next = call;
                chain.Last = call;
            }
            else
            {
                chain = (call, call);
            }

            _count++;
            call.Queued = queued;
            if (queued)
            {
                return null;
            }

            AddAwaiting(call);
            if (_awaiting <= MaxAwaitingApproval)
            {
                return null;
            }

            var oldest = _oldestAwaiting!;
            Unlink(oldest);
            return oldest;
        }
    }

    /// <summary>Takes out the call being invoked: this very call, else the oldest queued call of its id, else the oldest of its id.</summary>
    public WaitingToolCall? TakeInvoked(FunctionCallContent call)
    {
        lock (_gate)
        {
            var found = Same(call) ?? Oldest(call.CallId, queued: true) ?? Oldest(call.CallId, queued: false);
            if (found is not null)
            {
                Unlink(found);
            }

            return found;
        }
    }

    /// <summary>
    /// Applies an approval answer to the call it names: this very call, else the oldest of its id still waiting for an
    /// approval. An approved call is queued (and stays), a rejected one is taken out. A <paramref name="settled"/> answer
    /// is one the function-invocation client will not act on, because a result of its call id is in the conversation: the
    /// call it names will never run (with one id for every call, an old answer may name a newer call of that id), so it is
    /// taken out.
    /// </summary>
    /// <returns>The call the answer named, taken out unless it was approved and not settled; <see langword="null"/> when none waits.</returns>
    public WaitingToolCall? Answer(FunctionCallContent call, bool approved, bool settled)
    {
        lock (_gate)
        {
            var found = Same(call) ?? Oldest(call.CallId, queued: false);
            if (found is null || (settled && found.Queued))
            {
                // A queued call belongs to a request under way, which invokes or fails it.
                return null;
            }

            if (!approved || settled)
            {
                Unlink(found);
            }
            else if (!found.Queued)
            {
                RemoveAwaiting(found);
                found.Queued = true;
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
            foreach (var (first, _) in _byId.Values)
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
        if (_byId.TryGetValue(call.CallId, out var chain))
        {
            for (var waiting = chain.First; waiting is not null; waiting = waiting.Next)
            {
                if (ReferenceEquals(waiting.Call, call))
                {
                    return waiting;
                }
            }
        }

        return null;
    }

    private WaitingToolCall? Oldest(string callId, bool queued)
    {
        if (_byId.TryGetValue(callId, out var chain))
        {
            for (var waiting = chain.First; waiting is not null; waiting = waiting.Next)
            {
                if (waiting.Queued == queued)
                {
                    return waiting;
                }
            }
        }

        return null;
    }

    private void Unlink(WaitingToolCall call)
    {
        ref var chain = ref CollectionsMarshal.GetValueRefOrNullRef(_byId, call.Call.CallId);
        if (call.Previous is null && call.Next is null)
        {
            _byId.Remove(call.Call.CallId);
        }
        else
        {
            if (call.Previous is { } previous)
            {
                previous.Next = call.Next;
            }
            else
            {
                chain.First = call.Next!;
            }

            if (call.Next is { } next)
            {
                next.Previous = call.Previous;
            }
            else
            {
                chain.Last = call.Previous!;
            }
        }

        if (!call.Queued)
        {
            RemoveAwaiting(call);
        }

        call.Next = call.Previous = null;
        call.Waiting = false;
        _count--;
    }

    private void AddAwaiting(WaitingToolCall call)
    {
        call.OlderAwaiting = _newestAwaiting;
        if (_newestAwaiting is { } newest)
        {
            newest.NewerAwaiting = call;
        }
        else
        {
            _oldestAwaiting = call;
        }

        _newestAwaiting = call;
        _awaiting++;
    }

    private void RemoveAwaiting(WaitingToolCall call)
    {
        if (call.OlderAwaiting is { } older)
        {
            older.NewerAwaiting = call.NewerAwaiting;
        }
        else
        {
            _oldestAwaiting = call.NewerAwaiting;
        }

        if (call.NewerAwaiting is { } newer)
        {
            newer.OlderAwaiting = call.OlderAwaiting;
        }
        else
        {
            _newestAwaiting = call.OlderAwaiting;
        }

        call.OlderAwaiting = call.NewerAwaiting = null;
        _awaiting--;
    }
}
