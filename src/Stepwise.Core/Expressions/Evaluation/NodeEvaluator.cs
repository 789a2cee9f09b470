using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// <c>nodes.id</c>, <c>nodes.id.output</c> and <c>nodes.id.status</c>, resolved in one step so the common path
/// never builds the <c>{output, status}</c> object. A node that was skipped or has not run is null.
/// </summary>
internal sealed class NodeEvaluator(string nodeId, NodeEvaluator.Part part, bool nullSafe)
    : Evaluator(isFresh: part != Part.Output)
{
    private readonly Part _part = part;

    public enum Part
    {
        Whole,
        Output,
        Status,
    }

    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        if (!frame.Scope.Nodes.TryGetOutput(nodeId, out var output))
        {
            if (_part == Part.Whole || nullSafe)
            {
                return null;
            }

            var member = _part == Part.Output ? "output" : "status";
            return frame.Fail($"cannot read '{member}' of null: node '{nodeId}' was skipped or has not run (use nodes.{nodeId}?.{member})");
        }

        var status = frame.Scope.Nodes.GetStatus(nodeId);
        return _part switch
        {
            Part.Output => output,
            Part.Status => JsonValue.Create(status),
            _ => new JsonObject { ["output"] = output?.DeepClone(), ["status"] = status },
        };
    }
}
