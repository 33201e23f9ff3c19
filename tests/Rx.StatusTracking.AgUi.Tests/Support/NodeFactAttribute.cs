namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>
/// A test that drives Node.js (<c>node</c> and <c>npm</c> on the PATH). Without Node the test is skipped with the reason,
/// except under CI (<c>CI=true</c>), where Node is installed and a missing one must fail instead.
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeScript.Find("node") is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Node.js is not installed (node and npm on the PATH); CI has it.";
        }
    }
}
