namespace Rx.StatusTracking.Tests.Model;

public class StatusErrorTests
{
    [Fact]
    public void From_captures_type_message_and_stack_trace_of_a_thrown_exception()
    {
        var error = StatusError.From(Thrown(new TimeoutException("The search took too long.")));

        Assert.Equal("System.TimeoutException", error.Type);
        Assert.Equal("The search took too long.", error.Message);
        Assert.Contains(nameof(Thrown), error.StackTrace, StringComparison.Ordinal);
        Assert.Empty(error.InnerErrors);
        Assert.Equal("System.TimeoutException: The search took too long.", error.ToString());
    }

    [Fact]
    public void From_keeps_the_inner_exception_chain()
    {
        var error = StatusError.From(new InvalidOperationException("outer", new IOException("middle", new UnauthorizedAccessException("inner"))));

        var middle = Assert.Single(error.InnerErrors);
        Assert.Equal("System.IO.IOException", middle.Type);
        var inner = Assert.Single(middle.InnerErrors);
        Assert.Equal("System.UnauthorizedAccessException", inner.Type);
        Assert.Equal("inner", inner.Message);
        Assert.Null(inner.StackTrace);
    }

    [Fact]
    public void From_keeps_every_inner_exception_of_an_AggregateException()
    {
        var error = StatusError.From(new AggregateException("many", new TimeoutException("a"), new HttpRequestException("b")));

        Assert.Equal(["System.TimeoutException", "System.Net.Http.HttpRequestException"], error.InnerErrors.Select(e => e.Type));
        Assert.Equal(["a", "b"], error.InnerErrors.Select(e => e.Message));
    }

    [Fact]
    public void From_bounds_a_pathologically_deep_chain()
    {
        Exception exception = new InvalidOperationException("root");
        for (var i = 0; i < 10_000; i++)
        {
            exception = new InvalidOperationException($"level {i}", exception);
        }

        var error = StatusError.From(exception);

        var depth = 1;
        while (error.InnerErrors.Count > 0)
        {
            error = error.InnerErrors[0];
            depth++;
        }

        Assert.Equal(StatusError.MaxDepth + 1, depth);
        Assert.Equal(StatusError.OmittedType, error.Type);
    }

    [Fact]
    public void From_bounds_a_very_wide_aggregate()
    {
        var error = StatusError.From(new AggregateException(Enumerable.Range(0, 1_000).Select(i => new TimeoutException($"t{i}"))));

        Assert.Equal(StatusError.MaxInnerErrors + 1, error.InnerErrors.Count);
        Assert.Equal(StatusError.OmittedType, error.InnerErrors[^1].Type);
        Assert.StartsWith("936 more", error.InnerErrors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_rejects_null() => Assert.Throws<ArgumentNullException>("exception", () => StatusError.From(null!));

    [Fact]
    public void Errors_compare_by_value_including_inner_errors()
    {
        var exception = new AggregateException(new TimeoutException("a"));
        Assert.Equal(StatusError.From(exception), StatusError.From(exception));
        Assert.NotEqual(StatusError.From(exception), StatusError.From(new AggregateException(new TimeoutException("b"))));
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
