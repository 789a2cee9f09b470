using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// The mutable state of one evaluation, passed by reference down the evaluator tree: the scope, lambda parameter
/// slots, the budget spent so far, and the first error met (evaluators return null after setting it; callers check
/// <see cref="Failed"/>).
/// </summary>
internal struct EvaluationFrame(EvaluationScope scope, JsonNode?[]? locals)
{
    /// <summary>How many operations pass between two looks at the clock and the cancellation token.</summary>
    private const long CheckEvery = 1024;

    public readonly EvaluationScope Scope = scope;

    public readonly JsonNode?[]? Locals = locals;

    public readonly EvaluationLimits Limits = scope.Limits;

    private readonly long _startedAt = scope.Time.GetTimestamp();

    public string? Error;

    public long ItemsCreated;

    public long Operations;

    public long TextCreated;

    /// <summary>Secret texts this evaluation read, so error messages never repeat them.</summary>
    public List<string>? SecretsRead;

    /// <summary>True when <see cref="Error"/> is complete on its own (config and secret lookups) and gets no suffix.</summary>
    public bool ErrorStandsAlone;

    public readonly bool Failed => Error is not null;

    public JsonNode? Fail(string message)
    {
        Error ??= message;
        return null;
    }

    public JsonNode? FailStandalone(string message)
    {
        if (Error is null)
        {
            Error = message;
            ErrorStandsAlone = true;
        }

        return null;
    }

    /// <summary>
    /// Spends <paramref name="count"/> operations; every so often also checks the wall time and the cancellation
    /// token, so a step timeout or a cancel stops an evaluation that never awaits.
    /// </summary>
    public bool Spend(long count = 1)
    {
        var before = Operations;
        Operations += count;
        if (Operations > Limits.MaxOperations)
        {
            Fail(ExpressionBudget.TooManyOperations(Limits.MaxOperations));
            return false;
        }

        if (before / CheckEvery == Operations / CheckEvery)
        {
            return true;
        }

        return CheckClock();
    }

    /// <summary>
    /// Registers <paramref name="value"/>, computed from a tainted one, with the run's secret texts; fails when the run
    /// has derived too many.
    /// </summary>
    public JsonNode? Taint(JsonNode? value) =>
        Scope.Taint is not { } taint || taint.TryAdd(value) ? value : Fail(ExpressionBudget.TooManySecretTexts(SecretTaint.MaxTexts));

    /// <summary>Looks at the cancellation token and the wall time now.</summary>
    public bool CheckClock()
    {
        if (Scope.CancellationToken.IsCancellationRequested)
        {
            Fail(ExpressionBudget.Cancelled);
            return false;
        }

        if (Scope.Time.GetElapsedTime(_startedAt) > Limits.MaxDuration)
        {
            Fail(ExpressionBudget.TooSlow(Limits.MaxDuration));
            return false;
        }

        return true;
    }

    /// <summary>Checks, before building it, that a text of <paramref name="length"/> UTF-16 characters fits the value limit.</summary>
    public bool FitsValue(long length)
    {
        // A character is at least one UTF-8 byte: more characters than the limit can never fit.
        if (length > Limits.MaxValueBytes)
        {
            Fail(ExpressionBudget.ValueTooLarge(Limits.MaxValueBytes));
            return false;
        }

        return true;
    }

    /// <summary>
    /// Counts a text just built against the value limit (in UTF-8 bytes) and the evaluation's total of created text.
    /// </summary>
    public bool Created(string text)
    {
        if (text.Length * 3L > Limits.MaxValueBytes && System.Text.Encoding.UTF8.GetByteCount(text) > Limits.MaxValueBytes)
        {
            Fail(ExpressionBudget.ValueTooLarge(Limits.MaxValueBytes));
            return false;
        }

        TextCreated += text.Length;
        if (TextCreated > Limits.MaxTextCreated)
        {
            Fail(ExpressionBudget.TooMuchText(Limits.MaxTextCreated));
            return false;
        }

        return Spend(1 + (text.Length / 65536));
    }
}
