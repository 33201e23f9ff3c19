namespace Rx.StatusTracking;

/// <summary>
/// The predefined status descriptions: readable sentences for people, ready to show in a UI or a log.
/// </summary>
public static class ChatStatusMessages
{
    /// <summary>The user's query is being analyzed.</summary>
    public const string AnalyzingQuery = "Analyzing your question.";

    /// <summary>The query has been prepared for the model.</summary>
    public const string QueryPrepared = "Your question is ready for the model.";

    /// <summary>The request was sent to the OpenAI model and the answer is awaited.</summary>
    public const string WaitingOpenAI = "Waiting for the OpenAI model to respond.";

    /// <summary>The model answered (possibly asking for tools to be run).</summary>
    public const string ReceivedResponse = "Received a response from the model.";

    /// <summary>Tool results are being sent back to the model.</summary>
    public const string SendingToolResults = "Sending the tool results back to the model.";

    /// <summary>The model's final answer arrived.</summary>
    public const string ReceivedFinal = "Received the final answer.";

    /// <summary>A web search started.</summary>
    public const string WebSearchStart = "Searching the web.";

    /// <summary>A web search finished.</summary>
    public const string WebSearchComplete = "The web search is complete.";

    /// <summary>A call to an external API started.</summary>
    public const string ApiCallStart = "Calling an external API.";

    /// <summary>A call to an external API finished.</summary>
    public const string ApiCallComplete = "The API call is complete.";

    /// <summary>A database lookup started.</summary>
    public const string DbLookupStart = "Looking up the database.";

    /// <summary>A database lookup finished.</summary>
    public const string DbLookupComplete = "The database lookup is complete.";

    /// <summary>A step waits for a person's input (an answer, a choice, an approval) before it goes on (<see cref="StatusState.AwaitingInput"/>).</summary>
    public const string AwaitingInput = "Waiting for your input.";

    /// <summary>The description of the marker a tracker emits when it is reset (see <see cref="ChatStatus.IsReset"/>).</summary>
    public const string TrackerReset = "Status tracking was reset.";

    /// <summary>A request went to a model other than OpenAI's (or one whose provider is unknown).</summary>
    /// <param name="modelId">The model's id, e.g. <c>llama3.1</c>; a blank id reads "the model".</param>
    /// <returns>For example "Waiting for the model llama3.1 to respond."</returns>
    public static string WaitingForModel(string? modelId) =>
        string.IsNullOrWhiteSpace(modelId) ? "Waiting for the model to respond." : $"Waiting for the model {modelId.Trim()} to respond.";

    /// <summary>A model call failed or was cancelled.</summary>
    /// <param name="error">What went wrong; a blank error reads "no details were given".</param>
    /// <returns>For example "The model call failed: HTTP 429."</returns>
    public static string ModelFailed(string? error) => $"The model call failed: {Reason(error)}.";

    /// <summary>A tool call needs a person's approval before it runs (a <see cref="StatusState.AwaitingInput"/> status).</summary>
    /// <param name="toolType">The tool's name; a blank name (a model may send one) reads "A tool".</param>
    /// <returns>For example "The delete_file tool is waiting for approval."</returns>
    public static string ToolAwaitingApproval(string? toolType) =>
        ToolName(toolType) is { } name ? $"The {name} tool is waiting for approval." : "A tool is waiting for approval.";

    /// <summary>A tool call was requested and waits to run.</summary>
    /// <param name="toolType">The tool's name, e.g. <c>web_search</c>; a blank name reads "A tool".</param>
    /// <returns>For example "The web_search tool is queued."</returns>
    public static string ToolQueued(string? toolType) =>
        ToolName(toolType) is { } name ? $"The {name} tool is queued." : "A tool is queued.";

    /// <summary>A tool is running.</summary>
    /// <param name="toolType">The tool's name, e.g. <c>web_search</c>; a blank name reads "a tool".</param>
    /// <returns>For example "Running the web_search tool."</returns>
    public static string ExecutingTool(string? toolType) =>
        ToolName(toolType) is { } name ? $"Running the {name} tool." : "Running a tool.";

    /// <summary>A tool finished successfully.</summary>
    /// <param name="toolType">The tool's name; a blank name reads "A tool".</param>
    /// <returns>For example "The web_search tool finished."</returns>
    public static string ToolCompleted(string? toolType) =>
        ToolName(toolType) is { } name ? $"The {name} tool finished." : "A tool finished.";

    /// <summary>A tool failed.</summary>
    /// <param name="toolType">The tool's name; a blank name reads "A tool".</param>
    /// <param name="error">What went wrong; a blank error reads "no details were given".</param>
    /// <returns>For example "The web_search tool failed: timeout."</returns>
    public static string ToolFailed(string? toolType, string? error)
    {
        var reason = Reason(error);
        return ToolName(toolType) is { } name ? $"The {name} tool failed: {reason}." : $"A tool failed: {reason}.";
    }

    /// <summary>The description of an operation that ended cancelled (see <c>StatusHub.RunAsync</c>).</summary>
    public const string OperationCancelled = "The operation was cancelled.";

    /// <summary>An operation failed outside any running step (see <c>StatusHub.RunAsync</c>).</summary>
    /// <param name="error">What went wrong; a blank error reads "no details were given".</param>
    /// <returns>For example "The operation failed: the database is down."</returns>
    public static string OperationFailed(string? error) => $"The operation failed: {Reason(error)}.";

    /// <summary>A step failed (see <c>RunStepAsync</c>).</summary>
    /// <param name="step">The step number.</param>
    /// <param name="error">What went wrong; a blank error reads "no details were given".</param>
    /// <returns>For example "Step 3 failed: timeout."</returns>
    public static string StepFailed(int step, string? error) => $"Step {step} failed: {Reason(error)}.";

    /// <summary>A step was cancelled by its caller (see <c>RunStepAsync</c>).</summary>
    /// <param name="step">The step number.</param>
    /// <returns>For example "Step 3 was cancelled."</returns>
    public static string StepCancelled(int step) => $"Step {step} was cancelled.";

    /// <summary>A step was still waiting to start when its operation ended.</summary>
    /// <param name="step">The step number.</param>
    /// <param name="reason">Why, e.g. "the operation failed"; a blank reason reads "no details were given".</param>
    /// <returns>For example "Step 3 did not run: the operation failed."</returns>
    public static string StepNotRun(int step, string? reason) => $"Step {step} did not run: {Reason(reason)}.";

    /// <summary>A step was still running when its operation ended.</summary>
    /// <param name="step">The step number.</param>
    /// <param name="reason">Why, e.g. "the operation ended first"; a blank reason reads "no details were given".</param>
    /// <returns>For example "Step 3 did not finish: the operation ended first."</returns>
    public static string StepNotFinished(int step, string? reason) => $"Step {step} did not finish: {Reason(reason)}.";

    /// <summary>
    /// The description a lenient tracker uses when a report comes with a null or blank one.
    /// </summary>
    /// <param name="step">The step number.</param>
    /// <param name="state">The reported state.</param>
    /// <returns>For example "Step 3 is running."</returns>
    public static string ForState(int step, StatusState state) => state switch
    {
        StatusState.Pending => $"Step {step} is waiting to start.",
        StatusState.Executing => $"Step {step} is running.",
        StatusState.Completed => $"Step {step} is complete.",
        StatusState.Failed => $"Step {step} failed.",
        StatusState.AwaitingInput => $"Step {step} is waiting for input.",
        _ => $"Step {step} reported an unknown state.",
    };

    // Reasons end the sentence: a blank one still reads as one, and its own full stop is not doubled.
    private static string Reason(string? error) => string.IsNullOrWhiteSpace(error) ? "no details were given" : error.Trim().TrimEnd('.');

    // Tool names come from models: a blank one gets a neutral sentence rather than an exception at the producer.
    private static string? ToolName(string? toolType) => string.IsNullOrWhiteSpace(toolType) ? null : toolType.Trim();
}
