using System.Text.Json.Nodes;
using System.Text.Json;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>Reads the fields of the small JSON bodies of the tenancy endpoints, naming every problem.</summary>
internal static class BodyFields
{
    public static void CheckKnown(JsonObject body, IReadOnlyList<string> fields, List<string> problems)
    {
        foreach (var (field, _) in body)
        {
            if (!fields.Contains(field, StringComparer.Ordinal))
            {
                problems.Add($"Unknown field '{Names.Quote(field)}': the body has {string.Join(", ", fields)}");
            }
        }
    }

    /// <summary>A string field, trimmed; null when absent (a problem when required), empty or not a string.</summary>
    public static string? Text(JsonObject body, string field, bool required, List<string> problems)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            if (required)
            {
                problems.Add($"Field '{field}' is required");
            }

            return null;
        }

        if (!JsonValues.TryGetString(node, out var text))
        {
            problems.Add($"Field '{field}' must be a string, not {Kind(node)}");
            return null;
        }

        if (text.Trim().Length == 0)
        {
            problems.Add($"Field '{field}' must not be empty");
            return null;
        }

        return text.Trim();
    }

    /// <summary>A string field taken as it is (a password: never trimmed, never quoted in a message).</summary>
    public static string? Secret(JsonObject body, string field, List<string> problems)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            problems.Add($"Field '{field}' is required");
            return null;
        }

        if (!JsonValues.TryGetString(node, out var text))
        {
            problems.Add($"Field '{field}' must be a string, not {Kind(node)}");
            return null;
        }

        return text;
    }

    public static bool Flag(JsonObject body, string field, List<string> problems)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return false;
        }

        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return node.GetValue<bool>();
        }

        problems.Add($"Field '{field}' must be true or false, not {Kind(node)}");
        return false;
    }

    /// <summary>The role a field names; <paramref name="fallback"/> when absent.</summary>
    public static ApiKeyRole? Role(JsonObject body, string field, ApiKeyRole? fallback, List<string> problems)
    {
        var text = Text(body, field, required: fallback is null, problems);
        if (text is null)
        {
            return fallback;
        }

        if (RoleNames.TryParseRole(text, out var role))
        {
            return role;
        }

        problems.Add($"Field '{field}' must be viewer, operator, developer or admin, not '{Names.Quote(text)}'");
        return null;
    }

    private static string Kind(JsonNode node) => node.GetValueKind().ToString().ToLowerInvariant();
}
