using System.Text.Json.Serialization;

namespace Rx.StatusTracking.AspNetCore;

/// <summary>Where an operation stands, as the web endpoints report it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperationState>))]
public enum OperationState
{
    /// <summary>The operation's tracker has not completed.</summary>
    Running,

    /// <summary>The operation completed and none of its steps ended failed.</summary>
    Completed,

    /// <summary>The operation completed with at least one step that ended failed.</summary>
    Failed,
}
