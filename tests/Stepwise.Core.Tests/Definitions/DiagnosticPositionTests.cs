using static Stepwise.Core.Tests.Definitions.DefinitionTestKit;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>Every diagnostic points where the problem is written: the key, the value, or inside a string.</summary>
public sealed class DiagnosticPositionTests
{
    private const string Broken = """
        name: positions
        timeout: abc
        params:
          - { name: n, type: int, default: x }
        nodes:
          - id: fetch
            type: http
            wiht: {}
            with:
              url: "http://example.com/${{ params.nope }}"
          - { type: log, with: { message: hi } }
          - id: last
            type: htp
        connections:
          - { from: fetch, to: ghost }
        """;

    public static TheoryData<string, int, int> Expected() => new()
    {
        { "timeout must be a duration like 30s, got 'abc'", 2, 10 },
        { "Param 0 (n): default does not fit type int: expected an integer, got 'x'", 4, 36 },
        { "Node 0 (fetch): unknown field 'wiht'; did you mean 'with'?", 8, 5 },
        { "Node 1: Missing required field: id", 11, 5 },
        { "Node 2 (last): unknown action type 'htp'; did you mean 'http'?", 13, 11 },
        { "Connection 0: target node not found: 'ghost'", 15, 24 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Load_Problem_ReportedAtItsPosition(string message, int line, int column)
    {
        var diagnostic = Load(Broken, "p.yaml").Errors.Single(d => d.Message.StartsWith(message, StringComparison.Ordinal));

        Assert.Equal($"p.yaml:{line}:{column}", diagnostic.Location!.ToString());
    }

    [Fact]
    public void Load_ExpressionErrorInUrl_PointsAtTheBadName()
    {
        var diagnostic = Load(Broken, "p.yaml").Errors.Single(d => d.Message.Contains("with.url", StringComparison.Ordinal));

        Assert.Equal(10, diagnostic.Location!.Line);
        Assert.Equal(36, diagnostic.Location.Column);
    }

    [Fact]
    public void Load_Diagnostics_InDocumentOrder()
    {
        var lines = Load(Broken, "p.yaml").Diagnostics.Select(d => d.Location!.Line).ToList();

        Assert.Equal(lines.Order(), lines);
        Assert.True(lines.Count >= 7, string.Join(", ", lines));
    }

    [Fact]
    public void Load_MissingRequiredInput_PointsAtWith()
    {
        var diagnostic = Assert.Single(Load("name: w\nnodes:\n  - id: a\n    type: http\n    with:\n      method: GET\n").Errors);

        Assert.Equal("w.yaml:6:7", diagnostic.Location!.ToString());
    }

    [Fact]
    public void Load_WhenError_PointsInsideTheCondition()
    {
        var diagnostic = Assert.Single(Load("name: w\nnodes:\n  - id: a\n    type: log\n    when: ${{ params.missing > 1 }}\n    with: { message: x }\n").Errors);

        Assert.Equal("Node 0 (a): when: undefined variable 'params.missing'", diagnostic.Message);
        Assert.Equal("w.yaml:5:15", diagnostic.Location!.ToString());
    }
}
