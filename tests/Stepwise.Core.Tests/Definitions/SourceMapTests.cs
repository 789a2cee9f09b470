using System.Text.Json.Nodes;
using Stepwise.Core.Definitions.Parsing;

namespace Stepwise.Core.Tests.Definitions;

public sealed class SourceMapTests
{
    [Theory]
    [InlineData("x: ${{ count + 1 }}\n", 4, 1, 8)]
    [InlineData("x: \"${{ count + 1 }}\"\n", 4, 1, 9)]
    [InlineData("x: 'it''s ${{ count }}'\n", 9, 1, 15)]
    [InlineData("x: \"a\\\"b ${{ count }}\"\n", 8, 1, 14)]
    [InlineData("x: |\n  first\n  ${{ count }}\n", 10, 3, 7)]
    [InlineData("{\"x\": \"\\u0041 ${{ count }}\"}", 6, 1, 19)]
    public void InString_OffsetInsideScalar_MapsToFilePosition(string text, int offset, int line, int column)
    {
        var path = text.StartsWith('{') ? "w.json" : "w.yaml";
        var document = DocumentReader.Read(text, path, out var error)!;
        Assert.Null(error);
        var scalar = document.Root!["x"];

        var location = document.Map.InString(scalar, offset);

        Assert.Equal(line, location!.Line);
        Assert.Equal(column, location.Column);
    }

    [Fact]
    public void InString_AliasCopy_PointsAtTheAnchor()
    {
        var document = DocumentReader.Read("a: &m \"${{ bad }}\"\nb: *m\n", "w.yaml", out _)!;

        var location = document.Map.InString(document.Root!["b"], 4);

        Assert.Equal(1, location!.Line);
        Assert.Equal(12, location.Column);
    }

    [Fact]
    public void InString_OffsetPastTheEnd_StaysInsideTheScalar()
    {
        var document = DocumentReader.Read("x: \"${{ a +\"\ny: 1\n", "w.yaml", out _)!;

        var location = document.Map.InString(document.Root!["x"], 11);

        Assert.Equal(1, location!.Line);
        Assert.Equal(12, location.Column);
    }

    [Fact]
    public void OfValue_NullValue_PointsAtItsKey()
    {
        var document = DocumentReader.Read("a: 1\ntimeout: ~\n", "w.yaml", out _)!;

        var location = document.Map.OfValue((JsonObject)document.Root!, "timeout");

        Assert.Equal(2, location!.Line);
        Assert.Equal(1, location.Column);
    }

    [Fact]
    public void OfValue_DetachedValue_StillFound()
    {
        var document = DocumentReader.Read("a:\n  b: [1, 2]\n", "w.yaml", out _)!;
        var owner = document.Root!["a"]!.AsObject();
        var value = owner["b"]!;

        owner.Remove("b");

        Assert.Equal(2, document.Map.Of(value)!.Line);
        Assert.Equal(6, document.Map.Of(value)!.Column);
    }
}
