using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Templates;

/// <summary>A string whose expression did not parse: the error was reported at compile time; evaluating repeats it.</summary>
internal sealed class InvalidPart(string text, ExpressionError error) : TemplatePart
{
    public override EvaluationResult Evaluate(EvaluationScope scope) =>
        EvaluationResult.Fail($"invalid expression in '{text}': {error.Message}");

    public override DataType Check(TypeScope scope, Action<JsonNode?, ExpressionError> onError) => DataType.Any;

    public override JsonNode? ToSyntaxTree() => new JsonObject
    {
        ["kind"] = "invalid",
        ["text"] = text,
        ["error"] = error.Message,
        ["offset"] = error.Offset,
    };
}
