namespace Rx.StatusTracking;

/// <summary>
/// The operators over a status stream: history, steps, failures, progress, summaries, throttling and batching,
/// one file per family (<c>StatusOperators.&lt;Family&gt;.cs</c>).
/// </summary>
/// <remarks>
/// Arguments are checked when the operator is applied, not when it is subscribed. Each subscription keeps its own
/// state. Folds without timers are <c>FoldSink</c>s (one value or none per status); operators with timers are
/// <c>GatedSink</c>s, which deliver what is waiting before <c>OnCompleted</c> or <c>OnError</c>.
/// </remarks>
public static partial class StatusOperators;
