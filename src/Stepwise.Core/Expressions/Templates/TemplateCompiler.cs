using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Evaluation;

namespace Stepwise.Core.Expressions.Templates;

/// <summary>Walks a raw JSON value and compiles every string scalar holding <c>${{ }}</c>.</summary>
internal sealed class TemplateCompiler(Action<JsonNode?, ExpressionError> onError)
{
    public List<CompiledExpression> Expressions { get; } = [];

    public TemplatePart Compile(JsonNode? raw)
    {
        switch (raw)
        {
            case JsonObject obj:
                var members = obj.Select(member => KeyValuePair.Create(member.Key, Compile(member.Value))).ToList();
                return members.TrueForAll(member => member.Value is ConstantPart) ? new ConstantPart(raw) : new ObjectPart(members);
            case JsonArray array:
                var items = array.Select(Compile).ToList();
                return items.TrueForAll(item => item is ConstantPart) ? new ConstantPart(raw) : new ArrayPart(items);
            default:
                return JsonValues.TryGetString(raw, out var text) && TemplateScanner.ContainsExpression(text)
                    ? CompileString(raw, text)
                    : new ConstantPart(raw);
        }
    }

    private TemplatePart CompileString(JsonNode? scalar, string text)
    {
        var segments = new List<TemplateSegment>();
        if (!TemplateScanner.TrySplit(text, segments, out var scanError))
        {
            onError(scalar, scanError);
            return new InvalidPart(text, scanError);
        }

        var pieces = new List<(string? Text, CompiledExpression? Expression, int Offset)>();
        foreach (var segment in segments)
        {
            if (!segment.IsExpression)
            {
                pieces.Add((segment.Text, null, segment.Offset));
                continue;
            }

            var errors = new List<ExpressionError>();
            var expression = CompiledExpression.Parse(segment.Text, errors);
            if (expression is null)
            {
                var error = errors[0] with { Offset = errors[0].Offset + segment.Offset };
                onError(scalar, error);
                return new InvalidPart(text, error);
            }

            Expressions.Add(expression);
            pieces.Add((null, expression, segment.Offset));
        }

        // "  ${{ e }}  " is still the whole string: its value keeps its type.
        var expressions = pieces.Where(piece => piece.Expression is not null).ToList();
        if (expressions.Count == 1 && pieces.TrueForAll(piece => piece.Expression is not null || string.IsNullOrWhiteSpace(piece.Text)))
        {
            return new ExpressionPart(expressions[0].Expression!, expressions[0].Offset, scalar);
        }

        return new InterpolationPart(pieces, scalar);
    }
}
