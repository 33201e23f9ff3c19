namespace Rx.StatusTracking;

/// <summary>How a <see cref="ChatStatusTracker"/> treats bad input and invalid transitions.</summary>
public enum StatusValidation
{
    /// <summary>
    /// Never throw at the producer for bad data: apply the documented fallback (bad arguments) or
    /// drop the report (invalid transitions, reports after completion), and report it on
    /// <see cref="ChatStatusTracker.Errors"/>. The default: status reporting must not break the pipeline it watches.
    /// </summary>
    Lenient = 0,

    /// <summary>Throw a typed exception at the producer; nothing is recorded. For tests and development.</summary>
    Strict = 1,
}
