using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Templates;

/// <summary>A compiled piece of a <see cref="ValueTemplate"/>; immutable, evaluated concurrently.</summary>
internal abstract class TemplatePart
{
    /// <summary>A fresh value the caller owns, or the first error.</summary>
    public abstract EvaluationResult Evaluate(EvaluationScope scope);

    public abstract DataType Check(TypeScope scope, Action<JsonNode?, ExpressionError> onError);

    public abstract JsonNode? ToSyntaxTree();

    /// <summary>Reports an expression's errors against its string scalar, with offsets within that string.</summary>
    protected static DataType CheckExpression(CompiledExpression expression, int offset, JsonNode? scalar, TypeScope scope, Action<JsonNode?, ExpressionError> onError)
    {
        var errors = new List<ExpressionError>();
        var type = expression.Check(scope, errors);
        foreach (var error in errors)
        {
            onError(scalar, error with { Offset = error.Offset + offset });
        }

        return type;
    }

    protected static JsonObject ExpressionTree(CompiledExpression expression) => new()
    {
        ["kind"] = "expression",
        ["source"] = expression.Source,
        ["tree"] = expression.ToSyntaxTree(),
    };
}
