using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Definitions.Validation;

internal sealed partial class WorkflowValidator
{
    private static readonly string[] ParamFields =
        ["name", "type", "label", "required", "default", "pattern", "options", "data_provider"];

    private List<ParamDefinition> ReadParams(FieldReader top)
    {
        var parameters = new List<ParamDefinition>();
        if (top.List("params") is not { } list)
        {
            return parameters;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject mapping)
            {
                _context.Error($"Param {i} must be a mapping with name and type, got {JsonText.Describe(list[i])}", _context.Map.OfItem(list, i));
                continue;
            }

            if (ReadParam(mapping, i) is { } param)
            {
                if (seen.Add(param.Name))
                {
                    parameters.Add(param);
                }
                else
                {
                    _context.Error($"Param {i} ({param.Name}): duplicate parameter '{param.Name}'", _context.Map.OfValue(mapping, "name"), DiagnosticCategory.ScopeError);
                }
            }
        }

        return parameters;
    }

    private ParamDefinition? ReadParam(JsonObject mapping, int index)
    {
        var subject = JsonText.TryGetString(mapping["name"], out var named) && named.Length > 0 ? $"Param {index} ({named})" : $"Param {index}";
        var fields = new FieldReader(mapping, subject, string.Empty, _context);
        fields.CheckFields(ParamFields);
        var name = fields.String("name", required: true);
        if (name is not null && !ParamNamePattern().IsMatch(name))
        {
            fields.Error($"name must be letters, digits and _ (not starting with a digit), at most 64 characters, got '{name}'", "name");
        }

        var type = ParamType.String;
        var typeName = fields.String("type");
        if (typeName is not null && !ParamTypes.TryParse(typeName, out type))
        {
            fields.Error($"unknown type '{typeName}'{Suggestions.Hint(typeName, ParamTypes.Names)}; use one of {string.Join(", ", ParamTypes.Names)}", "type");
            return null;
        }

        var label = fields.String("label");
        var required = fields.Bool("required") ?? false;
        var pattern = ReadPattern(fields, type);
        var options = ReadOptions(fields, type);
        var dataProvider = fields.String("data_provider");
        if (dataProvider is not null && type != ParamType.Select)
        {
            fields.Error("data_provider applies only to select params", "data_provider");
        }

        if (type == ParamType.Select && options is null && dataProvider is null && !fields.Has("options"))
        {
            fields.Error("a select param needs options or data_provider");
        }

        if (name is null)
        {
            return null;
        }

        var param = new ParamDefinition(name, type, label, required, null, pattern, options, dataProvider, fields.Location);
        var defaultLocation = fields.Where("default");
        if (fields.Take("default") is { } given)
        {
            if (ParamValueRules.Check(param, given, out var normalized) is { } problem)
            {
                _context.Error($"{fields.Prefix}default does not fit type {ParamTypes.Name(type)}: {problem}", defaultLocation);
            }
            else
            {
                param = param with { Default = normalized };
            }
        }

        return param;
    }

    private static string? ReadPattern(FieldReader fields, ParamType type)
    {
        var pattern = fields.String("pattern");
        if (pattern is null)
        {
            return null;
        }

        if (!ParamTypes.IsText(type))
        {
            fields.Error($"pattern applies only to text params (string, email, date, datetime, select), not {ParamTypes.Name(type)}", "pattern");
            return null;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, ParamValueRules.PatternTimeout);
            return pattern;
        }
        catch (ArgumentException exception)
        {
            fields.Error($"pattern is not a valid regular expression: {exception.Message}", "pattern");
            return null;
        }
    }

    private static List<string>? ReadOptions(FieldReader fields, ParamType type)
    {
        if (fields.List("options") is not { } list)
        {
            return null;
        }

        if (type != ParamType.Select)
        {
            fields.Error("options apply only to select params", "options");
            return null;
        }

        if (list.Count == 0)
        {
            fields.Error("options must list at least one value", "options");
            return null;
        }

        var options = new List<string>(list.Count);
        foreach (var item in list)
        {
            if (!JsonText.TryGetString(item, out var option))
            {
                fields.Error($"options must be strings, got {JsonText.Describe(item)} (quote it)", "options");
                return null;
            }

            options.Add(option);
        }

        return options;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ParamNamePattern();
}
