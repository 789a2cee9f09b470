using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// One compiled step of an expression. Immutable and shared by every thread evaluating the expression.
/// <see cref="IsFresh"/> says whether results are new nodes owned by the caller; otherwise they may belong to the
/// scope or to a shared constant and must be cloned before being attached to a tree.
/// </summary>
internal abstract class Evaluator(bool isFresh)
{
    public bool IsFresh { get; } = isFresh;

    /// <summary>The value, or null with <see cref="EvaluationFrame.Error"/> set.</summary>
    public abstract JsonNode? Evaluate(ref EvaluationFrame frame);

    /// <summary>The value ready to attach to a new tree.</summary>
    public JsonNode? EvaluateOwned(ref EvaluationFrame frame)
    {
        var value = Evaluate(ref frame);
        return IsFresh || value is null ? value : value.DeepClone();
    }
}
