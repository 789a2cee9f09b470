using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Definitions.Validation;

/// <summary>
/// Reads the fields of one mapping of a definition, reporting each problem with the mapping's subject
/// (<c>Node 1 (fetch): </c>) and the field's path (<c>retry.delay</c>) at the field's position.
/// </summary>
internal sealed class FieldReader
{
    private readonly ValidationContext _context;

    public FieldReader(JsonObject mapping, string subject, string path, ValidationContext context)
    {
        Mapping = mapping;
        Subject = subject;
        Path = path;
        _context = context;
    }

    public JsonObject Mapping { get; }

    /// <summary>Who the fields belong to, e.g. <c>Node 1 (fetch)</c>; empty at the top level.</summary>
    public string Subject { get; }

    /// <summary>The path of this mapping inside the subject, e.g. <c>retry.</c>; empty for the subject itself.</summary>
    public string Path { get; }

    public string Prefix => Subject.Length == 0 ? string.Empty : Subject + ": ";

    /// <summary>The path as a message prefix: <c>compensate: </c>, or nothing for the subject itself.</summary>
    public string PathLabel => Path.Length == 0 ? string.Empty : Path.TrimEnd('.') + ": ";

    /// <summary>The prefix of messages about this mapping as a whole: <c>Node 1 (a): compensate: </c>.</summary>
    public string Scope => Prefix + PathLabel;

    public SourceLocation? Location => _context.Map.Of(Mapping);

    public SourceLocation? Where(string field) => _context.Map.OfValue(Mapping, field);

    public void Error(string message, string? field = null) =>
        _context.Error(Prefix + message, field is null ? Location : Where(field));

    public void Warning(string message, string? field = null) =>
        _context.Warning(Prefix + message, field is null ? Location : Where(field));

    public void CheckFields(IReadOnlyCollection<string> known)
    {
        foreach (var (name, _) in Mapping)
        {
            if (!known.Contains(name))
            {
                _context.Error(
                    $"{Prefix}unknown field '{Path}{name}'{Suggestions.Hint(name, known, Path)}",
                    _context.Map.OfKey(Mapping, name));
            }
        }
    }

    public bool Has(string field) => Mapping.TryGetPropertyValue(field, out var value) && value is not null;

    public JsonNode? Get(string field) => Mapping.TryGetPropertyValue(field, out var value) ? value : null;

    /// <summary>Takes the value out of the mapping, so the model can own it without a parent.</summary>
    public JsonNode? Take(string field)
    {
        var value = Get(field);
        if (value is not null)
        {
            Mapping.Remove(field);
        }

        return value;
    }

    public bool Require(string field)
    {
        if (Has(field))
        {
            return true;
        }

        _context.Error($"{Prefix}Missing required field: {Path}{field}", Mapping.ContainsKey(field) ? Where(field) : Location);
        return false;
    }

    public string? String(string field, bool required = false)
    {
        if (required ? !Require(field) : !Has(field))
        {
            return null;
        }

        var value = Get(field);
        if (JsonText.TryGetString(value, out var text))
        {
            return text;
        }

        Mismatch(field, "a string", value);
        return null;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/>.</summary>
    public string? Choice(string field, IReadOnlyList<string> allowed)
    {
        var text = String(field);
        if (text is null || allowed.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        var choices = allowed.Count == 2 ? $"{allowed[0]} or {allowed[1]}" : "one of " + string.Join(", ", allowed);
        Error($"{Path}{field} must be {choices}, got '{text}'{Suggestions.Hint(text, allowed)}", field);
        return null;
    }

    public long? Integer(string field, long minimum, long maximum)
    {
        if (!Has(field))
        {
            return null;
        }

        var value = Get(field)!;
        if (value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number >= minimum && number <= maximum)
        {
            return number;
        }

        var range = maximum >= int.MaxValue ? $"of at least {minimum}" : $"from {minimum} to {maximum}";
        Error($"{Path}{field} must be an integer {range}, got {JsonText.Describe(value)}", field);
        return null;
    }

    public bool? Bool(string field)
    {
        if (!Has(field))
        {
            return null;
        }

        var value = Get(field)!;
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                Mismatch(field, "true or false", value);
                return null;
        }
    }

    public TimeSpan? Duration(string field, bool allowZero = false)
    {
        if (!Has(field))
        {
            return null;
        }

        var value = Get(field);
        // Too large to parse at all (99999999999d): name the bound rather than "not a duration".
        if (JsonText.TryGetString(value, out var tooLong) && Definitions.Duration.IsTooLong(tooLong)
            && !Definitions.Duration.TryParse(tooLong, out _))
        {
            Error(Definitions.Duration.TooLong($"{Path}{field}", tooLong), field);
            return null;
        }

        if (JsonText.TryGetString(value, out var text) && Definitions.Duration.TryParse(text, out var duration))
        {
            if (duration > TimeSpan.Zero || allowZero)
            {
                return duration;
            }

            Error($"{Path}{field} must be longer than 0s, got '{text}'", field);
            return null;
        }

        Mismatch(field, "a duration like 30s", value);
        return null;
    }

    public JsonObject? SubMapping(string field) => Container<JsonObject>(field, "a mapping");

    public JsonArray? List(string field) => Container<JsonArray>(field, "a list");

    public void Mismatch(string field, string expected, JsonNode? value) =>
        Error($"{Path}{field} must be {expected}, got {JsonText.Describe(value)}", field);

    private T? Container<T>(string field, string expected)
        where T : JsonNode
    {
        if (!Has(field))
        {
            return null;
        }

        var value = Get(field);
        if (value is T container)
        {
            return container;
        }

        Mismatch(field, expected, value);
        return null;
    }
}
