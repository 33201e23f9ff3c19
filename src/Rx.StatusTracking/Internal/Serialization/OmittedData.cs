namespace Rx.StatusTracking.Internal;

/// <summary>Written in place of <see cref="ChatStatus.Data"/> that would make the status too large for the wire.</summary>
/// <param name="Omitted">The full name of the data's type.</param>
/// <param name="Reason">Why it was left out, as a sentence.</param>
internal sealed record OmittedData(string Omitted, string Reason);
