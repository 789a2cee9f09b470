using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions;

/// <summary>
/// Checks the params of a run against a workflow's declarations: the one validator behind the CLI, the API,
/// webhooks, schedules and generated forms, so all of them accept and refuse the same inputs with the same words.
/// </summary>
public static class ParamValidator
{
    public static ParamValidationResult Validate(IReadOnlyList<ParamDefinition> parameters, JsonObject? input)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var values = new JsonObject();
        var errors = new List<string>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var param in parameters)
        {
            if (!declared.Add(param.Name))
            {
                continue;
            }

            JsonNode? given = null;
            input?.TryGetPropertyValue(param.Name, out given);
            if (given is null)
            {
                if (param.Default is not null)
                {
                    values[param.Name] = param.Default.DeepClone();
                }
                else if (param.Required)
                {
                    errors.Add($"Missing required parameter: {param.Name}");
                }
                else
                {
                    values[param.Name] = null;
                }

                continue;
            }

            var problem = ParamValueRules.Check(param, given, out var normalized);
            if (problem is null)
            {
                values[param.Name] = normalized;
            }
            else
            {
                errors.Add($"Parameter '{param.Name}' validation failed: {problem}");
            }
        }

        foreach (var (name, _) in input ?? [])
        {
            if (!declared.Contains(name))
            {
                errors.Add($"Unknown parameter '{name}'");
            }
        }

        return new ParamValidationResult(values, errors);
    }
}
