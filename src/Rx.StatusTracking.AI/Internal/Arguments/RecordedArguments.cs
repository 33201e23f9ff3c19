using System.Collections.ObjectModel;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Tool arguments as a status records them: a read-only copy, so nothing the model, a filter or a function invoker
/// does later changes it. A filter's result of this type is recorded as it is; any other is copied first.
/// </summary>
internal sealed class RecordedArguments(Dictionary<string, object?> copy) : ReadOnlyDictionary<string, object?>(copy);
