using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions;

/// <summary>
/// The params of a run after validation: every declared param present (defaults applied, absent optional ones
/// null), values normalized to their types, and every problem found.
/// </summary>
public sealed record ParamValidationResult(JsonObject Values, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
