using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Functions;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>A call of a built-in function: arguments are evaluated into a stack buffer, then the body runs.</summary>
internal sealed class CallEvaluator(FunctionDefinition function, IReadOnlyList<Evaluator?> arguments, LambdaEvaluator? lambda)
    : Evaluator(function.ResultIsFresh)
{
    private const int InlineArguments = 4;

    private readonly FunctionBody _body = function.Body;

    private readonly bool _derives = function.Secrets == SecretFlow.Derives;

    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        if (!frame.Spend())
        {
            return null;
        }

        var count = arguments.Count;
        var buffer = default(ArgumentBuffer);
        var values = count <= InlineArguments ? ((Span<JsonNode?>)buffer)[..count] : new JsonNode?[count];
        for (var i = 0; i < count; i++)
        {
            if (arguments[i] is { } argument)
            {
                values[i] = argument.Evaluate(ref frame);
                if (frame.Failed)
                {
                    return null;
                }
            }
        }

        var result = _body(ref frame, values, lambda);

        // Every text a function builds counts against the value limit and the evaluation's total.
        if (IsFresh && result is JsonValue value && value.TryGetValue<string>(out var text) && !frame.Created(text))
        {
            return null;
        }

        // A value computed from a secret is as secret as the secret: its texts are masked wherever the run writes.
        if (_derives && result is not null && frame.Scope.Taint is { IsEmpty: false } taint && !frame.Failed)
        {
            foreach (var given in values)
            {
                if (taint.Touches(given))
                {
                    return frame.Taint(result);
                }
            }
        }

        return result;
    }

    [InlineArray(InlineArguments)]
    private struct ArgumentBuffer
    {
        private JsonNode? _first;
    }
}
