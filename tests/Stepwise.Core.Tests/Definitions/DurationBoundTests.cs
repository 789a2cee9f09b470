using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>Issue 21: durations are bounded (3650d) and constant ones are checked at deploy, not when the run starts.</summary>
public sealed class DurationBoundTests
{
    private static readonly Stepwise.Core.Actions.ActionRegistry Actions = BuiltInActions.CreateRegistry();

    private static IReadOnlyList<string> Errors(string yaml) =>
        [.. WorkflowLoader.Load(yaml, "test.yaml", Actions).Diagnostics.Select(d => d.Message)];

    [Theory]
    [InlineData("99999999999d")]
    [InlineData("9999999d")]
    [InlineData("3651d")]
    [InlineData("P20000D")]
    public void Load_DelayLongerThanTheBound_IsRefusedAtDeploy(string duration)
    {
        var errors = Errors($$"""
            name: longwait
            nodes:
              - id: wait
                type: delay
                with: { duration: {{duration}} }
            """);

        Assert.Contains($"Node 0 (wait): with.duration: input 'duration' must be at most 3650d (about ten years), got '{duration}'", errors);
    }

    [Fact]
    public void Load_DelayNotADuration_IsRefusedAtDeploy()
    {
        var errors = Errors("""
            name: soonish
            nodes:
              - id: wait
                type: delay
                with: { duration: soon }
            """);

        Assert.Contains(errors, e => e.StartsWith("Node 0 (wait): with.duration: input 'duration' must be a duration such as", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NodeTimeoutLongerThanTheBound_NamesTheBound()
    {
        var errors = Errors("""
            name: slow
            nodes:
              - id: call
                type: http
                timeout: 99999999999d
                with: { url: "http://127.0.0.1:1/" }
            """);

        Assert.Contains(errors, e => e.EndsWith("timeout must be at most 3650d (about ten years), got '99999999999d'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3650d")]
    [InlineData("30s")]
    [InlineData("${{ params.wait }}")]
    public void Load_DelayWithinTheBoundOrComputed_IsAccepted(string duration)
    {
        var errors = Errors($$"""
            name: okwait
            params:
              - { name: wait, type: string, default: 1s }
            nodes:
              - id: wait
                type: delay
                with: { duration: "{{duration}}" }
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void IsTooLong_Bounds()
    {
        Assert.True(Duration.IsTooLong("99999999999d"));
        Assert.False(Duration.IsTooLong("3650d"));
        Assert.False(Duration.IsTooLong("soon"));
    }
}
