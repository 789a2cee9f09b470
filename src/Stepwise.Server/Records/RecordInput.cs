using System.Buffers;
using System.Text.Json.Nodes;
using Stepwise.Server.Auth;

namespace Stepwise.Server.Records;

/// <summary>
/// A record as a client sends it: <c>{"source": "...", "category": "...", "payload": {...}}</c>. Reading it reports
/// every problem, each naming its field, so one 422 lists them all.
/// </summary>
internal sealed record RecordInput(string Source, string Category, JsonObject Payload)
{
    public const int MaxSourceLength = 128;
    public const int MaxCategoryLength = 64;

    private static readonly SearchValues<char> CategoryCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    private static readonly string[] Fields = ["source", "category", "payload"];

    /// <summary>The record, or null with <paramref name="problems"/> (<c>prefix</c> + field, message) added.</summary>
    public static RecordInput? Read(JsonNode? node, string prefix, List<FieldProblem> problems)
    {
        if (node is not JsonObject body)
        {
            problems.Add(new(prefix.TrimEnd('.'), "must be a JSON object with source, category and payload"));
            return null;
        }

        var count = problems.Count;
        foreach (var (name, _) in body)
        {
            if (!Fields.Contains(name, StringComparer.Ordinal))
            {
                problems.Add(new(prefix + Names.Quote(name), "is not a field of a record (source, category, payload)"));
            }
        }

        var source = Text(body, "source", prefix, MaxSourceLength, problems);
        var category = Text(body, "category", prefix, MaxCategoryLength, problems);
        if (category is not null && category.AsSpan().ContainsAnyExcept(CategoryCharacters))
        {
            problems.Add(new(prefix + "category", "may contain only letters, digits, '-', '_' and '.'"));
        }

        JsonObject? payload = null;
        if (!body.TryGetPropertyValue("payload", out var payloadNode) || payloadNode is null)
        {
            problems.Add(new(prefix + "payload", "is required: a JSON object (the processing run's input)"));
        }
        else if (payloadNode is not JsonObject payloadObject)
        {
            problems.Add(new(prefix + "payload", $"must be a JSON object, not {payloadNode.GetValueKind().ToString().ToLowerInvariant()}"));
        }
        else
        {
            payload = payloadObject;
        }

        return problems.Count == count ? new RecordInput(source!, category!, (JsonObject)payload!.DeepClone()) : null;
    }

    /// <summary>A category as a route or query names it: the same rule as in a record.</summary>
    public static bool IsCategory(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= MaxCategoryLength && !text.AsSpan().ContainsAnyExcept(CategoryCharacters);

    private static string? Text(JsonObject body, string field, string prefix, int maxLength, List<FieldProblem> problems)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            problems.Add(new(prefix + field, "is required"));
            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            problems.Add(new(prefix + field, $"must be a string, not {node.GetValueKind().ToString().ToLowerInvariant()}"));
            return null;
        }

        if (text.Length is 0 || text.Length > maxLength || text.Any(char.IsControl))
        {
            problems.Add(new(prefix + field, $"must be 1 to {maxLength} printable characters"));
            return null;
        }

        return text;
    }
}
