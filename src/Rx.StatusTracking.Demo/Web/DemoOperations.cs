namespace Rx.StatusTracking.Demo.Web;

/// <summary>
/// The ids of the operations <c>--serve</c> starts itself (<c>turn-N</c>, <c>agents-N</c>, <c>mcp-N</c>) on the hub that
/// AG-UI clients also start runs on, with ids of their choosing: an id a client took is skipped, never a crash.
/// </summary>
internal static class DemoOperations
{
    /// <summary>Starts the operation <c>{prefix}-{n}</c> for the next n after <paramref name="number"/> that is free.</summary>
    /// <param name="hub">The hub.</param>
    /// <param name="prefix">The id's prefix.</param>
    /// <param name="number">The last number used; advanced to the one taken.</param>
    /// <returns>The operation's id, its number and its tracker.</returns>
    public static (string Id, int Number, ChatStatusTracker Tracker) StartNext(StatusHub hub, string prefix, ref int number)
    {
        while (true)
        {
            var taken = Interlocked.Increment(ref number);
            var id = $"{prefix}-{taken}";
            try
            {
                return (id, taken, hub.Create(id));
            }
            catch (OperationExistsException)
            {
                // A client's run took it: the next number.
            }
        }
    }
}
