using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions;

/// <summary>
/// The value of an expression, or the run-time error it met (division by zero, bad index, null member...).
/// Errors are values, never exceptions; the message names the expression.
/// </summary>
public readonly struct EvaluationResult
{
    private EvaluationResult(JsonNode? value, string? error, bool standsAlone)
    {
        Value = value;
        Error = error;
        StandsAlone = standsAlone;
    }

    public JsonNode? Value { get; }

    public string? Error { get; }

    public bool IsError => Error is not null;

    /// <summary>
    /// True when the error is a complete sentence about the organization (a missing secret or configuration key): it
    /// is reported as it is, without naming the expression or the input it came from.
    /// </summary>
    public bool StandsAlone { get; }

    public static EvaluationResult Ok(JsonNode? value) => new(value, null, false);

    public static EvaluationResult Fail(string error, bool standsAlone = false) => new(null, error, standsAlone);
}
