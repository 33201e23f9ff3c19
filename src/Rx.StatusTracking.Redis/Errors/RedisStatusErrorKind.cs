namespace Rx.StatusTracking.Redis;

/// <summary>What a <see cref="RedisStatusError"/> is about.</summary>
public enum RedisStatusErrorKind
{
    /// <summary>
    /// A command to Redis failed (connection lost, timeout, server busy loading); it is retried with backoff. Reported
    /// once per outage, which ends with <see cref="TransportRestored"/> or, if Redis then refuses the write, with
    /// <see cref="WriteRefused"/>.
    /// </summary>
    TransportFailed = 0,

    /// <summary>The write retried after <see cref="TransportFailed"/> succeeded; <see cref="RedisStatusError.Count"/> tells how many attempts failed.</summary>
    TransportRestored = 1,

    /// <summary>The publisher's outbox was full, so older non-terminal statuses of a step gave way to its newest (see <see cref="RedisStatusError.Count"/>).</summary>
    StatusesConflated = 2,

    /// <summary>The outbox reached its hard limit with nothing left to conflate; statuses were dropped (see <see cref="RedisStatusError.Count"/>).</summary>
    StatusesDropped = 3,

    /// <summary>
    /// A stream entry could not be read as a status (bad JSON, missing fields, written by something else; compressed bytes
    /// that are not valid data of their codec or inflate past <see cref="StatusJson.MaxInputBytes"/>; a codec this reader
    /// does not know); it was skipped. The message says why.
    /// </summary>
    MalformedEntry = 4,

    /// <summary>Redis lost statuses already written (a restart without persistence) and the tracker no longer holds all of them to write again.</summary>
    StatusesLost = 5,

    /// <summary>An operation found in Redis could not be mirrored into the hub (it was full, or the id is not valid there).</summary>
    MirrorFailed = 6,

    /// <summary>
    /// Redis refused a write and retrying cannot help (a key of the wrong type, a script error, or an operation's first
    /// write finding its stream holding another run under the same id, published before within
    /// <see cref="RedisPublisherOptions.CompletedExpiry"/> or elsewhere now): the write was not made,
    /// and the operation's stream is marked broken: nothing more is written to it, so no later status lands past the hole.
    /// Reported once per operation. When it ends an outage, <see cref="RedisStatusError.Count"/> tells how many attempts
    /// failed before; there is no <see cref="TransportRestored"/> for that outage.
    /// </summary>
    WriteRefused = 7,

    /// <summary>
    /// A status was published as <see cref="StatusJson"/>'s documented fallbacks wrote it, not as the tracker recorded it: its
    /// data was omitted (the status would have passed the <see cref="StatusJson.MaxInputBytes"/> a reader accepts) or could
    /// not be serialized, or its error or description was shortened. <see cref="RedisStatusError.Fallbacks"/> says which,
    /// <see cref="RedisStatusError.EntryId"/> names the entry. Reported once per status, once its entry is in Redis; a status
    /// whose write Redis refused is reported as <see cref="WriteRefused"/> alone.
    /// </summary>
    StatusFallback = 8,

    /// <summary>
    /// Reports were left out because the <c>Errors</c> subscribers had not taken the ones before (16,384 waiting): a stuck
    /// subscriber costs bounded memory. <see cref="RedisStatusError.Count"/> says how many since the last such report; it
    /// comes once the subscribers have taken every waiting report (or before the stream completes).
    /// </summary>
    ReportsDropped = 9,

    /// <summary>
    /// A reader met a hole in a stream: the entry it read says statuses came before it that this reader never read (they
    /// were trimmed by <see cref="RedisPublisherOptions.MaxStreamLength"/>, or Redis lost them in a failover or a restart
    /// and the publisher's tracker no longer held them to write again). The reader goes on after the hole; it never steps
    /// over one in silence. <see cref="RedisStatusError.Count"/> says how many sequence numbers are missing, the message
    /// names them. A sequence jump the publisher wrote on purpose (statuses conflated in its outbox, or a tracker followed
    /// after it had trimmed its history) is declared in the stream and is not a hole.
    /// </summary>
    StatusesMissing = 10,
}
