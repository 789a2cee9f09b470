using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;

namespace Stepwise.Workspace;

/// <summary>
/// A workflow's params as a JSON Schema (2020-12) object: what the run form renders, the same for YAML and C#
/// workflows. Labels are <c>title</c>; data providers are named in <c>x-data-provider</c>.
/// </summary>
public static class FormSchema
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    public static JsonObject For(WorkflowDefinition workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var param in workflow.Params)
        {
            var property = TypeOf(param.Type);
            if (param.Label is { } label)
            {
                property["title"] = label;
            }

            if (param.Pattern is { } pattern)
            {
                property["pattern"] = pattern;
            }

            if (param.Default is { } value)
            {
                property["default"] = value.DeepClone();
            }

            if (param.Options is { } options)
            {
                property["enum"] = new JsonArray([.. options.Select(o => (JsonNode?)JsonValue.Create(o))]);
            }

            if (param.DataProvider is { } provider)
            {
                property["x-data-provider"] = provider;
            }

            properties[param.Name] = property;
            if (param.Required)
            {
                required.Add(param.Name);
            }
        }

        var schema = new JsonObject
        {
            ["$schema"] = Dialect,
            ["title"] = workflow.Name,
        };
        if (workflow.Description is { } description)
        {
            schema["description"] = description;
        }

        schema["type"] = "object";
        schema["properties"] = properties;
        schema["required"] = required;
        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonObject TypeOf(ParamType type) => type switch
    {
        ParamType.Int => new JsonObject { ["type"] = "integer" },
        ParamType.Number => new JsonObject { ["type"] = "number" },
        ParamType.Bool => new JsonObject { ["type"] = "boolean" },
        ParamType.Email => new JsonObject { ["type"] = "string", ["format"] = "email" },
        ParamType.Date => new JsonObject { ["type"] = "string", ["format"] = "date" },
        ParamType.DateTime => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        ParamType.Array => new JsonObject { ["type"] = "array" },
        ParamType.Object => new JsonObject { ["type"] = "object" },
        ParamType.Json => new JsonObject(),
        _ => new JsonObject { ["type"] = "string" },
    };
}
