using Stepwise.Core.Expressions;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class LimitsTests
{
    [Fact]
    public void Parse_TooLong_IsRejected()
    {
        var source = "1" + string.Concat(Enumerable.Repeat(" + 1", 1250));

        var error = ParseError(source);

        Assert.Equal($"expression is too long: {source.Length} characters, the limit is 4096", error.Message);
        Assert.Equal(4096, error.Offset);
    }

    [Fact]
    public void Parse_AtTheLengthLimit_IsAccepted()
    {
        var source = "len('" + new string('a', 4089) + "')";

        Assert.Equal(4096, source.Length);
        Assert.Equal("4089", Json(source));
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("len(", ")")]
    [InlineData("-", "")]
    [InlineData("!", "")]
    public void Parse_TooDeep_IsRejected(string open, string close)
    {
        var source = string.Concat(Enumerable.Repeat(open, 65)) + "1" + string.Concat(Enumerable.Repeat(close, 65));

        Assert.Equal("expression is nested too deeply (limit 64)", ParseError(source).Message);
    }

    [Fact]
    public void Parse_JustUnderTheDepthLimit_IsAccepted()
    {
        var source = new string('(', 63) + "1" + new string(')', 63);

        Assert.Equal("1", Json(source));
    }

    [Fact]
    public void Evaluate_LongFlatChain_DoesNotOverflow()
    {
        var source = "0" + string.Concat(Enumerable.Repeat("+1", 2000));

        Assert.Equal("2000", Json(source));
    }

    [Fact]
    public void Limits_ArePublished()
    {
        Assert.Equal(4096, CompiledExpression.MaxLength);
        Assert.Equal(64, CompiledExpression.MaxDepth);
    }
}
