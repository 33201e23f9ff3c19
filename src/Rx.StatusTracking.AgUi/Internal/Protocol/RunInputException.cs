namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>A posted <c>RunAgentInput</c> the endpoint cannot run; the message says what is wrong, and the client gets it in a 400 problem.</summary>
internal sealed class RunInputException(string message) : Exception(message);
