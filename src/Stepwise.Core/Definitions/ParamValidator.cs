using System.Buffers;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions;

/// <summary>
/// Checks the params of a run against a workflow's declarations: the one validator behind the CLI, the API,
/// webhooks, schedules and generated forms, so all of them accept and refuse the same inputs with the same words.
/// </summary>
public static class ParamValidator
{
    public static ParamValidationResult Validate(IReadOnlyList<ParamDefinition> parameters, JsonObject? input) =>
        Validate(parameters, input, ignoreUndeclared: false);

    /// <summary>
    /// <see cref="Validate(IReadOnlyList{ParamDefinition}, JsonObject?)"/>, where <paramref name="ignoreUndeclared"/>
    /// leaves fields that are not declared params out instead of refusing them: for a whole event posted as the params
    /// (a webhook's body), read in place rather than copied without them first. The input is only read: every value
    /// of the result is a new node.
    /// </summary>
    public static ParamValidationResult Validate(IReadOnlyList<ParamDefinition> parameters, JsonObject? input, bool ignoreUndeclared)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // Every run's params pass here: no set of names for the few params a workflow has, and no list of errors
        // until there is one.
        // The values are gathered first and the object made at their number: one added at a time, its dictionary
        // grew twice for a workflow of a few params.
        var values = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(parameters.Count);
        var count = 0;
        List<string>? errors = null;
        var declared = parameters.Count > SmallCount ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < parameters.Count; i++)
        {
            var param = parameters[i];
            if (declared is null ? IndexOf(parameters, param.Name, i) >= 0 : !declared.Add(param.Name))
            {
                continue;
            }

            JsonNode? given = null;
            input?.TryGetPropertyValue(param.Name, out given);
            if (given is null)
            {
                if (param.Default is not null)
                {
                    values[count++] = new(param.Name, param.Default.DeepClone());
                }
                else if (param.Required)
                {
                    (errors ??= []).Add($"Missing required parameter: {param.Name}");
                }
                else
                {
                    values[count++] = new(param.Name, null);
                }

                continue;
            }

            var problem = ParamValueRules.Check(param, given, out var normalized);
            if (problem is null)
            {
                values[count++] = new(param.Name, normalized);
            }
            else
            {
                (errors ??= []).Add($"Parameter '{param.Name}' validation failed: {problem}");
            }
        }

        if (!ignoreUndeclared && input is not null)
        {
            foreach (var (name, _) in input)
            {
                if (declared is null ? IndexOf(parameters, name, parameters.Count) < 0 : !declared.Contains(name))
                {
                    (errors ??= []).Add($"Unknown parameter '{name}'");
                }
            }
        }

        try
        {
            return new ParamValidationResult(
                new JsonObject(new ArraySegment<KeyValuePair<string, JsonNode?>>(values, 0, count)), errors ?? (IReadOnlyList<string>)[]);
        }
        finally
        {
            ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(values, clearArray: true);
        }
    }

    /// <summary>Up to this many params, names are looked up by scanning the list rather than in a set.</summary>
    private const int SmallCount = 16;

    /// <summary>Where a param named <paramref name="name"/> is among the first <paramref name="count"/>, or -1.</summary>
    private static int IndexOf(IReadOnlyList<ParamDefinition> parameters, string name, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
