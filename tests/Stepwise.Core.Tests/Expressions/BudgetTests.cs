using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

/// <summary>The budget of one evaluation (docs/operations.md "Run budgets"): value size, operations, time, cancel.</summary>
public class BudgetTests
{
    private static readonly string Thousand = new('y', 1000);

    private static EvaluationScope With(EvaluationLimits limits, string paramsJson = "{}", CancellationToken token = default) =>
        new()
        {
            Params = JsonNode.Parse(paramsJson)!.AsObject(),
            Limits = limits,
            CancellationToken = token,
        };

    [Fact]
    public void Evaluate_HalfGigabyteJoin_FailsAtTheValueLimitQuickly()
    {
        var watch = Stopwatch.StartNew();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = EvalError($"len(join(map(range(0, 499999), x => '{Thousand}'), ''))", With(EvaluationLimits.Default));

        Assert.StartsWith("expression result exceeds 16 MB (STEPWISE_MAX_VALUE) in '${{ len(join(", error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 400L * 1024 * 1024, "allocated the joined text");
    }

    [Fact]
    public void Evaluate_ReplaceThatWouldGrowPastTheLimit_FailsBeforeBuildingIt()
    {
        var big = new string('x', 600 * 1024);
        var scope = With(EvaluationLimits.Default, new JsonObject { ["s"] = big, ["r"] = big }.ToJsonString());
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = EvalError("replace(params.s, 'x', params.r)", scope);

        Assert.Equal("expression result exceeds 16 MB (STEPWISE_MAX_VALUE) in '${{ replace(params.s, 'x', params.r) }}'", error);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024);
    }

    [Theory]
    [InlineData("params.s + params.s")]
    [InlineData("to_string(map(range(0, 10), x => params.s))")]
    [InlineData("json_string(map(range(0, 10), x => params.s))")]
    [InlineData("join([params.s, params.s])")]
    [InlineData("base64_encode(params.s + 'abc')")]
    public void Evaluate_TextOverTheLimit_FailsNamingTheSetting(string source)
    {
        var scope = With(new EvaluationLimits { MaxValueBytes = 1024 }, new JsonObject { ["s"] = new string('a', 1000) }.ToJsonString());

        Assert.StartsWith("expression result exceeds 1 KB (STEPWISE_MAX_VALUE)", EvalError(source, scope), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ManyTextsEachWithinTheLimit_FailsOnTheTotal()
    {
        var scope = With(new EvaluationLimits { MaxValueBytes = 1024 }, new JsonObject { ["s"] = new string('a', 1000) }.ToJsonString());

        var error = EvalError("len(map(range(0, 10), x => upper(params.s)))", scope);

        Assert.StartsWith("expression creates more than 4 KB of text (4 x STEPWISE_MAX_VALUE)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ArrayHoldingOneTextManyTimes_InterpolationStopsAtTheLimit()
    {
        var template = ValueTemplate.Compile(
            JsonValue.Create("all: ${{ map(range(0, 100000), x => params.s) }}"), (_, error) => Assert.Fail(error.Message));

        var result = template.Evaluate(With(EvaluationLimits.Default, new JsonObject { ["s"] = new string('a', 1000) }.ToJsonString()));

        Assert.True(result.IsError);
        Assert.StartsWith("expression result exceeds 16 MB (STEPWISE_MAX_VALUE)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OverTheOperationBudget_FailsNamingTheSetting()
    {
        var error = EvalError("len(filter(range(0, 1000), x => any(range(0, 1000), y => y == x)))", With(new EvaluationLimits { MaxOperations = 5000 }));

        Assert.StartsWith("expression exceeds 5000 operations (STEPWISE_MAX_OPERATIONS)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OverTheTimeBudget_FailsNamingTheSetting()
    {
        var scope = new EvaluationScope { Time = new SteppingTime(), Limits = new EvaluationLimits { MaxDuration = TimeSpan.FromSeconds(5) } };

        var error = EvalError("len(filter(range(0, 1000), x => any(range(0, 1000), y => y == x)))", scope);

        Assert.StartsWith("expression evaluation exceeds 5s (STEPWISE_MAX_EVAL_TIME)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Cancelled_StopsAtTheNextCheck()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var error = EvalError("len(filter(range(0, 1000), x => any(range(0, 1000), y => y == x)))", With(EvaluationLimits.Default, token: cancel.Token));

        Assert.StartsWith("expression evaluation was cancelled", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WithinTheBudget_Succeeds()
    {
        Assert.Equal("16000", Json($"len(join(map(range(0, 16), x => '{Thousand}'), ''))", With(EvaluationLimits.Default)));
        Assert.Equal("\"b-b\"", Json("replace('a-a', 'a', 'b')", With(new EvaluationLimits { MaxValueBytes = 3 })));
    }

    [Fact]
    public void WithItem_KeepsLimitsAndCancellation()
    {
        using var cancel = new CancellationTokenSource();
        var limits = new EvaluationLimits { MaxValueBytes = 10 };
        var scope = With(limits).WithCancellation(cancel.Token).WithItem(JsonValue.Create(1), 0);

        Assert.Same(limits, scope.Limits);
        Assert.Equal(cancel.Token, scope.CancellationToken);
    }

    /// <summary>A clock where every look moves one second on: a long evaluation in a few operations.</summary>
    private sealed class SteppingTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond);
    }
}
