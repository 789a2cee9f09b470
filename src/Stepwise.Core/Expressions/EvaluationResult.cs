using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions;

/// <summary>
/// The value of an expression, or the run-time error it met (division by zero, bad index, null member...).
/// Errors are values, never exceptions; the message names the expression.
/// </summary>
public readonly struct EvaluationResult
{
    private EvaluationResult(JsonNode? value, string? error)
    {
        Value = value;
        Error = error;
    }

    public JsonNode? Value { get; }

    public string? Error { get; }

    public bool IsError => Error is not null;

    public static EvaluationResult Ok(JsonNode? value) => new(value, null);

    public static EvaluationResult Fail(string error) => new(null, error);
}
