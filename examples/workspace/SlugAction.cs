using System.Text.Json.Nodes;
using Stepwise.Sdk;

/// <summary>A custom node type for YAML workflows: <c>type: slug</c> turns text into a URL slug.</summary>
[Action("slug")]
public sealed class SlugAction : IAction
{
    public string Name => "slug";

    public IReadOnlyList<ActionInput> Inputs { get; } = [new("text", DataType.String, Required: true, Description: "The text to turn into a slug.")];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) => DataType.String;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        var text = context.Inputs["text"]!.GetValue<string>().Trim().ToLowerInvariant();
        var slug = string.Join("-", text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return ValueTask.FromResult(ActionResult.Success(JsonValue.Create(slug)));
    }
}
