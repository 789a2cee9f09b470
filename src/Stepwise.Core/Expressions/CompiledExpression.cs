using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions;

/// <summary>
/// One parsed <c>${{ }}</c> expression: immutable and thread-safe, parsed once per definition version and
/// evaluated many times without re-parsing.
/// </summary>
public sealed class CompiledExpression
{
    /// <summary>The text between <c>${{</c> and <c>}}</c>.</summary>
    public string Source => throw new NotImplementedException();

    /// <summary>Parses; returns null and adds errors when the text is not a valid expression.</summary>
    public static CompiledExpression? Parse(string source, ICollection<ExpressionError> errors) =>
        throw new NotImplementedException();

    /// <summary>Type-checks against a scope; adds scope, type and function errors; returns the inferred type.</summary>
    public DataType Check(TypeScope scope, ICollection<ExpressionError> errors) =>
        throw new NotImplementedException();

    public EvaluationResult Evaluate(EvaluationScope scope) => throw new NotImplementedException();

    /// <summary>The parsed tree as JSON, for <c>stepwise parse</c>.</summary>
    public JsonNode ToSyntaxTree() => throw new NotImplementedException();
}
