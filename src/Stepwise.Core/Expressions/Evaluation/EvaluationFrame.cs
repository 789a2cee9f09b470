using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// The mutable state of one evaluation, passed by reference down the evaluator tree: the scope, lambda parameter
/// slots, and the first error met (evaluators return null after setting it; callers check <see cref="Failed"/>).
/// </summary>
internal struct EvaluationFrame(EvaluationScope scope, JsonNode?[]? locals)
{
    /// <summary>How many array items one evaluation may create (range, map, chunk...).</summary>
    public const long ItemLimit = 1_000_000;

    public readonly EvaluationScope Scope = scope;

    public readonly JsonNode?[]? Locals = locals;

    public string? Error;

    public long ItemsCreated;

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
}
