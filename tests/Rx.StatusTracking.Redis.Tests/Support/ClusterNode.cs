using System.Globalization;

namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>One line of <c>CLUSTER NODES</c>: a node's id, port, role, health and the slot ranges it serves.</summary>
public sealed record ClusterNode(string Id, int Port, bool IsMaster, bool Failing, IReadOnlyList<(int First, int Last)> Slots)
{
    /// <summary>Whether the node serves the slot (a master's own ranges; migration markers are not counted).</summary>
    public bool Serves(int slot) => Slots.Any(r => r.First <= slot && slot <= r.Last);

    /// <summary>Reads the reply of <c>CLUSTER NODES</c>.</summary>
    public static IReadOnlyList<ClusterNode> Parse(string reply) =>
        [.. reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseLine)];

    // <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
    private static ClusterNode ParseLine(string line)
    {
        var fields = line.Split(' ');
        var address = fields[1];
        var port = int.Parse(address[(address.IndexOf(':', StringComparison.Ordinal) + 1)..address.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        var flags = fields[2].Split(',');
        var slots = fields.Skip(8).Where(s => !s.StartsWith('[')).Select(s =>
        {
            var bounds = s.Split('-');
            var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            return (first, bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first);
        }).ToArray();
        return new ClusterNode(fields[0], port, flags.Contains("master"), flags.Contains("fail") || flags.Contains("fail?"), slots);
    }
}
