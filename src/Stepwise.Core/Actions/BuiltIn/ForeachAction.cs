using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>
/// <c>foreach</c>: runs the node template once per item, at most <c>max_parallel</c> at a time. A fixed set of
/// workers pulls the next index, so a list of 100,000 items never holds more than <c>max_parallel</c> tasks.
/// The first failed item stops new items from starting; items already running finish.
/// </summary>
internal sealed class ForeachAction : IAction
{
    public const string TemplateInput = "node";
    public const int DefaultMaxParallel = 10;

    public string Name => "foreach";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("items", DataType.AnyArray, Required: true, Description: "The items; each runs the template once."),
        new(TemplateInput, DataType.Any, Required: true, Description: "The node run per item; it may use item and index.", IsTemplate: true),
        new("max_parallel", DataType.Int, Description: $"Items running at once (default {DefaultMaxParallel})."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) =>
        DataType.ArrayOf(context.InputTypes.TryGetValue(TemplateInput, out var itemType) ? itemType : DataType.Any);

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        if (!InputReader.TryGetArray(context.Inputs, "items", required: true, out var items, out var error)
            || !InputReader.TryGetInt(context.Inputs, "max_parallel", DefaultMaxParallel, out var maxParallel, out error))
        {
            return InputReader.Invalid(error);
        }

        if (maxParallel < 1)
        {
            return InputReader.Invalid($"input 'max_parallel' must be at least 1, got {maxParallel}");
        }

        var run = new ForeachRun(context.Runtime, items!, cancellationToken);
        var workers = new Task[(int)Math.Min(maxParallel, Math.Max(items!.Count, 1))];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = run.WorkAsync();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        return run.Result();
    }
}
