using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Builds a tool call's data: its arguments as <see cref="StatusTrackingChatOptions.ArgumentFilter"/> chose them, copied
/// (the built-in filters return a copy), so a status never changes when the model's arguments do.
/// </summary>
/// <remarks>
/// A value that cannot be copied is recorded as a marker (see <see cref="ArgumentCopy"/>). When the filter throws, or
/// the arguments dictionary itself cannot be read, no arguments are recorded, since they may hold secrets; each is
/// logged under its own event.
/// </remarks>
internal sealed class ArgumentRecorder(Func<string, IDictionary<string, object?>?, IReadOnlyDictionary<string, object?>?> filter, TrackingLog log)
{
    /// <summary>The data of <paramref name="call"/>'s statuses: its id, tool name and recorded arguments.</summary>
    public ToolCallData DataOf(FunctionCallContent call)
    {
        IReadOnlyDictionary<string, object?>? arguments;
        try
        {
            arguments = ArgumentCopy.Of(filter(call.Name, call.Arguments), ArgumentRedaction.None);
        }
        catch (UnreadableArgumentsException unreadable)
        {
            log.ArgumentsUnreadable(call.Name, unreadable.InnerException!);
            arguments = null;
        }
        catch (Exception filterFailure)
        {
            log.ArgumentFilterFailed(call.Name, filterFailure);
            arguments = null;
        }

        return new(call.CallId, call.Name, arguments);
    }
}
