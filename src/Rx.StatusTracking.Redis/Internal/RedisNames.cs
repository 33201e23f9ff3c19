using System.Globalization;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Where things live in Redis, for one key prefix. Each operation has a stream <c>{prefix}:{id}</c> whose entry ids are
/// <c>{sequence}-0</c>, so an append is idempotent (Redis refuses an id at or below the top) and a reader resumes with
/// an exclusive range after a sequence. The completion marker is <c>{lastSequence}-1</c>, after the last status. The
/// index is the sorted set <c>{prefix}</c>: score +inf while running, the expiry time (Unix ms) once completed.
/// Notifications go to the sharded pub/sub channels (<c>SPUBLISH</c>) <c>{prefix}</c> (new operations) and
/// <c>{prefix}:{id}</c> (appends): each is named like the key it is about, so on Redis Cluster it lives on the node that
/// holds that key and a notification is one message on that shard, not one broadcast to every node.
/// </summary>
internal sealed class RedisNames
{
    /// <summary>The entry field that carries a status as JSON.</summary>
    public static readonly RedisValue StatusField = "status";

    /// <summary>The entry field of the completion marker (its value is the last sequence).</summary>
    public static readonly RedisValue CompletedField = "completed";

    /// <param name="prefix">A prefix that passed <see cref="ValidatePrefix"/> (the options validate it).</param>
    public RedisNames(string prefix)
    {
        Prefix = prefix;
        Index = prefix;
        OperationsChannel = RedisChannel.Sharded(prefix);
    }

    public string Prefix { get; }

    /// <summary>The key prefix rule of both option classes: not blank, no control characters.</summary>
    /// <param name="prefix">The prefix.</param>
    /// <param name="optionsType">The options class, named in the message.</param>
    /// <param name="propertyName">The property, the exception's parameter name.</param>
    public static void ValidatePrefix(string prefix, string optionsType, string propertyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix, propertyName);
        if (prefix.Any(char.IsControl))
        {
            throw new ArgumentException($"{optionsType}.{propertyName} must not contain control characters.", propertyName);
        }
    }

    public RedisKey Index { get; }

    public RedisChannel OperationsChannel { get; }

    public RedisKey Stream(string operationId) => $"{Prefix}:{operationId}";

    public RedisChannel Appends(string operationId) => RedisChannel.Sharded($"{Prefix}:{operationId}");

    /// <summary>The expected top of an operation's first write (see <see cref="StreamAppender"/>): the stream must be empty or begin with its first entry.</summary>
    public static readonly RedisValue FirstWrite = RedisValue.EmptyString;

    public static RedisValue StatusEntryId(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{sequence}-0");

    public static RedisValue CompletionEntryId(long lastSequence) => string.Create(CultureInfo.InvariantCulture, $"{lastSequence}-1");

    /// <summary>The sequence an entry id carries (<c>{sequence}-0</c>, or <c>{lastSequence}-1</c> for a completion); 0 for none.</summary>
    public static long SequenceOf(string? entryId)
    {
        var dash = entryId?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash > 0 && long.TryParse(entryId.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
    }

    /// <summary>The field of an entry that does not directly follow the writer's previous one: that entry's sequence.</summary>
    public static readonly RedisValue AfterField = "after";

    /// <summary>The field of a completion entry with the time the operation ended (round-trip format).</summary>
    public static readonly RedisValue CompletedAtField = "at";

    /// <summary>A time as a completion entry writes it: ISO 8601, round-trip ("O").</summary>
    public static RedisValue Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>An exclusive lower bound: entries after the given one.</summary>
    public static RedisValue After(string entryId) => "(" + entryId;

    /// <summary>
    /// The failures worth retrying: the connection, a timeout, or an answer that says the server cannot take the command
    /// yet but will (see <see cref="TransientReplies"/>).
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or TimeoutException
        || (exception is RedisServerException server && TransientReplies.Any(reply => server.Message.StartsWith(reply, StringComparison.Ordinal)));

    /// <summary>
    /// The error replies that pass: a server loading its data or busy with a script, a cluster without full slot coverage
    /// (for a second or so while a replica is promoted), a slot being migrated, a replica without a reachable master, a
    /// node that was just demoted to a replica (until the client learns the new topology), too few replicas for
    /// <c>min-replicas-to-write</c>, and memory full (completed streams expire and free it). Skipping a write on any of
    /// these would leave a hole in a stream; they are retried instead.
    /// </summary>
    public static readonly string[] TransientReplies = ["LOADING", "BUSY", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "READONLY", "NOREPLICAS", "OOM"];

    public static double ExpiryScore(DateTimeOffset expiresAt) => expiresAt.ToUnixTimeMilliseconds();
}
