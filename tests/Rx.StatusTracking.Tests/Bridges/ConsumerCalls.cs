using System.Linq;
using System.Reactive.Linq;
using Rx.StatusTracking;

// Outside the library's namespace on purpose: inside it, the compiler finds the library's extensions before any using's,
// which would hide a clash that a user's code meets.
namespace ConsumerApp;

/// <summary>Calls as an app writes them, with System.Linq (System.Interactive.Async) and System.Reactive.Linq in scope.</summary>
internal static class ConsumerCalls
{
    public static IAsyncEnumerable<ChatStatus> Live(ChatStatusTracker tracker) => tracker.ToAsyncEnumerable();

    public static IAsyncEnumerable<ChatStatus> WithHistory(ChatStatusTracker tracker) => tracker.WithHistory().ToAsyncEnumerable();

    public static IAsyncEnumerable<ChatStatus> Terminal(ChatStatusTracker tracker) => tracker.Where(s => s.IsTerminal).ToAsyncEnumerable(8);

    public static IAsyncEnumerable<int> Numbers() => Observable.Return(1).ToAsyncEnumerable();
}
