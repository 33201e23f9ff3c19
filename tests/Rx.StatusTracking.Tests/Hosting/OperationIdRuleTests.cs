namespace Rx.StatusTracking.Tests.Hosting;

public class OperationIdRuleTests
{
    [Theory]
    [InlineData("chat-42")]
    [InlineData("turn_1.2:3~4@host")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("a")]
    [InlineData("...")]
    [InlineData(".x")]
    public void Ids_of_letters_digits_and_the_allowed_punctuation_are_valid(string id)
    {
        Assert.True(OperationIdRule.IsValid(id));
        using var hub = new StatusHub();
        Assert.NotNull(hub.Create(id));
    }

    [Theory]
    [InlineData("has space", "Operation id 'has space' has the character U+0020 at index 3; ids use only ASCII letters, digits and -_.:~@.")]
    [InlineData("café", "Operation id 'café' has the character 'é' (U+00E9) at index 3; ids use only ASCII letters, digits and -_.:~@.")]
    [InlineData("a/b", "Operation id 'a/b' has the character '/' (U+002F) at index 1; ids use only ASCII letters, digits and -_.:~@.")]
    [InlineData("a?b", "Operation id 'a?b' has the character '?' (U+003F) at index 1; ids use only ASCII letters, digits and -_.:~@.")]
    [InlineData("{tag}", "Operation id '{tag}' has the character '{' (U+007B) at index 0; ids use only ASCII letters, digits and -_.:~@.")]
    [InlineData("bad\nid", "Operation id 'bad?id' has the character U+000A at index 3; ids use only ASCII letters, digits and -_.:~@.")]
    [InlineData("", "An operation id must not be empty.")]
    [InlineData(".", "Operation id '.' is not allowed: URL clients remove '.' and '..' path segments, so it could not be reached.")]
    [InlineData("..", "Operation id '..' is not allowed: URL clients remove '.' and '..' path segments, so it could not be reached.")]
    public void The_hub_refuses_an_id_the_web_or_redis_could_not_reach_and_says_why(string id, string problem)
    {
        Assert.False(OperationIdRule.TryValidate(id, OperationIdRule.DefaultMaxLength, out var reported));
        Assert.Equal(problem, reported);

        using var hub = new StatusHub();
        var refused = Assert.Throws<ArgumentException>("operationId", () => hub.Create(id));
        Assert.StartsWith(problem, refused.Message, StringComparison.Ordinal);
        Assert.Empty(hub.OperationIds);
    }

    [Fact]
    public void The_length_limit_is_the_hubs_and_never_above_the_hard_limit()
    {
        var long200 = new string('x', 200);
        using var standard = new StatusHub();
        var refused = Assert.Throws<ArgumentException>("operationId", () => standard.Create(long200));
        Assert.StartsWith("An operation id must be at most 128 characters; it was 200.", refused.Message, StringComparison.Ordinal);

        using var roomy = new StatusHub(new() { MaxOperationIdLength = 256 });
        Assert.Equal(256, roomy.MaxOperationIdLength);
        Assert.NotNull(roomy.Create(long200));
        Assert.Throws<ArgumentException>("operationId", () => roomy.Create(long200 + new string('y', 57)));

        Assert.Throws<ArgumentOutOfRangeException>("MaxOperationIdLength", () => new StatusHub(new() { MaxOperationIdLength = OperationIdRule.MaxLengthLimit + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>("maxLength", () => OperationIdRule.IsValid("x", 0));
        Assert.Throws<ArgumentOutOfRangeException>("maxLength", () => OperationIdRule.IsValid("x", OperationIdRule.MaxLengthLimit + 1));
    }

    [Fact]
    public void Validate_names_the_callers_argument_and_refuses_null()
    {
        string? turn = null;
        Assert.Throws<ArgumentNullException>("turn", () => OperationIdRule.Validate(turn));
        turn = "a b";
        Assert.Throws<ArgumentException>("turn", () => OperationIdRule.Validate(turn));
        Assert.False(OperationIdRule.IsValid(null));
        OperationIdRule.Validate("fine");
    }

    [Fact]
    public void A_long_bad_id_is_shown_shortened_in_the_message()
    {
        var id = new string('x', 100) + " ";
        Assert.False(OperationIdRule.TryValidate(id, OperationIdRule.MaxLengthLimit, out var problem));
        Assert.Equal($"Operation id '{new string('x', 64)}…' has the character U+0020 at index 100; ids use only ASCII letters, digits and -_.:~@.", problem);
    }
}
