namespace Rx.StatusTracking.AI.Tests.Telemetry;

/// <summary>Span names follow the sentences' rule for names from a model: trimmed, and left out when blank.</summary>
public class SpanNameTests
{
    [Theory]
    [InlineData(" web_search ", "execute_tool web_search")]
    [InlineData("web_search", "execute_tool web_search")]
    [InlineData(" ", "execute_tool")]
    [InlineData("", "execute_tool")]
    public void A_tool_calls_span_name_trims_the_tool_name(string toolName, string spanName)
    {
        IStatusTelemetry telemetry = new ToolCallData("c1", toolName, Arguments: null);

        Assert.Equal(spanName, telemetry.SpanName);
    }

    [Theory]
    [InlineData(" gpt-4o ", "chat gpt-4o")]
    [InlineData("gpt-4o", "chat gpt-4o")]
    [InlineData(" ", "chat")]
    [InlineData(null, "chat")]
    public void A_model_calls_span_name_trims_the_model_id(string? modelId, string spanName)
    {
        IStatusTelemetry telemetry = new ModelCallData(modelId, Iteration: 1);

        Assert.Equal(spanName, telemetry.SpanName);
    }
}
