namespace Rx.StatusTracking.Demo.Output;

/// <summary>Prints each status as one line of JSON in <see cref="StatusJson"/>'s contract, for tools such as <c>jq</c>.</summary>
internal sealed class JsonLinesPrinter(TextWriter output)
{
    public void Print(ChatStatus status) => output.WriteLine(StatusJson.Serialize(status));
}
