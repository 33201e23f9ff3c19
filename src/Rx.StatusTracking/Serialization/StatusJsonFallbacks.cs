namespace Rx.StatusTracking;

/// <summary>
/// What <see cref="StatusJson.Write"/> had to change so that a status could be written and read back (see the remarks of
/// <see cref="StatusJson"/>); transports report anything other than <see cref="None"/>.
/// </summary>
[Flags]
public enum StatusJsonFallbacks
{
    /// <summary>The status was written as it is.</summary>
    None = 0,

    /// <summary><see cref="ChatStatus.Data"/> could not be serialized; it was written as <c>{"unserializable": "&lt;type&gt;"}</c>.</summary>
    DataUnserializable = 1,

    /// <summary>
    /// The status would have taken more than <see cref="StatusJson.MaxInputBytes"/>; its <see cref="ChatStatus.Data"/> was written as
    /// <c>{"omitted": "&lt;type&gt;", "reason": "…"}</c>.
    /// </summary>
    DataOmitted = 2,

    /// <summary>Still too large without its data: the error's messages and stack traces were cut and its inner errors left out.</summary>
    ErrorShortened = 4,

    /// <summary>Still too large: the description was cut (only a status built by hand, with a description far beyond any tracker's limit, gets here).</summary>
    DescriptionShortened = 8,
}
