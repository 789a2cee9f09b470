using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Templates;

/// <summary>A string that is exactly <c>${{ e }}</c>: the expression's typed value.</summary>
internal sealed class ExpressionPart(CompiledExpression expression, int offset, JsonNode? scalar) : TemplatePart
{
    public override EvaluationResult Evaluate(EvaluationScope scope) => expression.Evaluate(scope);

    public override DataType Check(TypeScope scope, Action<JsonNode?, ExpressionError> onError) =>
        CheckExpression(expression, offset, scalar, scope, onError);

    public override JsonNode? ToSyntaxTree() => ExpressionTree(expression);
}
