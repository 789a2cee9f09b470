using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>A compiled lambda argument: binds its parameters to their slots and runs the body.</summary>
internal sealed class LambdaEvaluator(IReadOnlyList<int> slots, Evaluator body)
{
    public Evaluator Body { get; } = body;

    public int ParameterCount => slots.Count;

    /// <summary>Runs the body with the parameters bound to <paramref name="item"/> and (when declared) <paramref name="index"/>.</summary>
    public JsonNode? Invoke(ref EvaluationFrame frame, JsonNode? item, int index)
    {
        if (!frame.Spend())
        {
            return null;
        }

        var locals = frame.Locals!;
        locals[slots[0]] = item;
        if (slots.Count > 1)
        {
            locals[slots[1]] = JsonValue.Create((long)index);
        }

        return Body.Evaluate(ref frame);
    }

    /// <summary>Like <see cref="Invoke"/>, with a result that may be attached to a new tree.</summary>
    public JsonNode? InvokeOwned(ref EvaluationFrame frame, JsonNode? item, int index)
    {
        var value = Invoke(ref frame, item, index);
        return Body.IsFresh || value is null ? value : value.DeepClone();
    }
}
