using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

/// <summary>How the evaluator carries a secret's taint into what it computes, and how the run's texts are masked.</summary>
public sealed class SecretTaintTests
{
    private const string Key = "Kx4-secret-Yw9";

    private static (EvaluationScope Scope, SecretTaint Taint) Run(JsonObject? parameters = null)
    {
        var taint = new SecretTaint();
        var scope = new EvaluationScope
        {
            Params = parameters ?? [],
            Secrets = new Lookup(new Dictionary<string, JsonNode?> { ["key"] = Key, ["pin"] = "73519" }),
            Taint = taint,
        };
        return (scope, taint);
    }

    private static JsonNode? Evaluate(string source, EvaluationScope scope)
    {
        var result = Parse(source).Evaluate(scope);
        Assert.False(result.IsError, result.Error);
        return result.Value;
    }

    [Theory]
    [InlineData("upper(secrets.key)", "KX4-SECRET-YW9")]
    [InlineData("base64_encode('user:' + secrets.key)", "dXNlcjpLeDQtc2VjcmV0LVl3OQ==")]
    [InlineData("join(reverse(split(secrets.key, '')), '')", "9wY-terces-4xK")]
    [InlineData("secrets.key[0] + secrets.key[1] + '-tail'", "Kx-tail")]
    [InlineData("to_int(secrets.pin) + 1", "73520")]
    public void Evaluate_ValueDerivedFromASecret_IsMaskedInWhatTheRunWrites(string source, string derived)
    {
        var (scope, taint) = Run();
        var value = Evaluate(source, scope);

        Assert.Equal(derived, value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value!.ToJsonString());
        Assert.Equal("sent ***.", taint.Redact($"sent {derived}."));
    }

    [Fact]
    public void Evaluate_TransformOfAnEarlierStepsOutputHoldingASecret_IsTracked()
    {
        var (scope, taint) = Run(new JsonObject { ["header"] = "unused" });
        var header = Evaluate("'Bearer ' + secrets.key", scope)!.GetValue<string>();
        var later = new EvaluationScope { Params = new JsonObject { ["header"] = header }, Taint = taint };

        var lowered = Evaluate("lower(params.header)", later)!.GetValue<string>();

        Assert.Equal("bearer kx4-secret-yw9", lowered);
        Assert.Equal("[***]", taint.Redact($"[{lowered}]"));
    }

    [Theory]
    [InlineData("len(secrets.key)")]
    [InlineData("contains(secrets.key, 'x')")]
    [InlineData("secrets.key == 'a'")]
    public void Evaluate_TestOfASecret_RegistersNothingMore(string source)
    {
        var (scope, taint) = Run();
        Evaluate(source, scope);

        Assert.Equal(1, taint.Count);
    }

    [Fact]
    public void Evaluate_ErrorQuotingADerivedText_MasksIt()
    {
        var (scope, _) = Run();
        var result = Parse("to_int(upper(secrets.key) + '-and-a-tail-long-enough-to-be-cut-at-forty')").Evaluate(scope);

        Assert.Equal("to_int: cannot convert '***' to int in '${{ to_int(upper(secrets.key) + '-and-a-tail-long-enough-to-be-cut-at-forty') }}'", result.Error);
    }

    [Fact]
    public void Redact_OverlappingTexts_BecomeOneMask()
    {
        var taint = new SecretTaint();
        taint.AddSecret("abcd");
        taint.AddSecret("cdef");
        taint.AddSecret("zz");

        Assert.Equal("x***x ***-*** zz", taint.Redact("xabcdefx abcd-cdef zz"));
    }

    [Fact]
    public void Evaluate_MoreDerivedTextsThanTheLimit_FailsWithTheLimitsMessage()
    {
        var (scope, _) = Run();
        var result = Parse($"map(range({SecretTaint.MaxTexts + 10}), i => upper(secrets.key + i))").Evaluate(scope);

        Assert.Equal($"the run derives more than {SecretTaint.MaxTexts} distinct values from its secrets in '${{{{ map(range({SecretTaint.MaxTexts + 10}), i => upper(secrets.key + i)) }}}}'", result.Error);
    }
}
