using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.Agent;

/// <summary>JSON schemas of tool arguments, from a workflow's params or an action's inputs.</summary>
internal static class ToolSchemas
{
    public static JsonObject FromParams(IReadOnlyList<ParamDefinition> parameters)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var param in parameters)
        {
            var schema = param.Type switch
            {
                ParamType.Int => new JsonObject { ["type"] = "integer" },
                ParamType.Number => new JsonObject { ["type"] = "number" },
                ParamType.Bool => new JsonObject { ["type"] = "boolean" },
                ParamType.Email => new JsonObject { ["type"] = "string", ["format"] = "email" },
                ParamType.Date => new JsonObject { ["type"] = "string", ["format"] = "date" },
                ParamType.DateTime => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ParamType.Select => new JsonObject
                {
                    ["type"] = "string",
                    ["enum"] = new JsonArray([.. (param.Options ?? []).Select(option => (JsonNode?)option)]),
                },
                ParamType.Array => new JsonObject { ["type"] = "array" },
                ParamType.Object => new JsonObject { ["type"] = "object" },
                ParamType.Json => new JsonObject(),
                _ => new JsonObject { ["type"] = "string" },
            };
            if (param.Pattern is { } pattern)
            {
                schema["pattern"] = pattern;
            }

            if (param.Label is { } label)
            {
                schema["description"] = label;
            }

            if (param.Default is { } fallback)
            {
                schema["default"] = fallback.DeepClone();
            }

            properties[param.Name] = schema;
            if (param.Required && param.Default is null)
            {
                required.Add(param.Name);
            }
        }

        return Object(properties, required);
    }

    public static JsonObject FromInputs(IReadOnlyList<ActionInput> inputs, JsonObject fixedInputs)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var input in inputs.Where(i => !i.IsTemplate && !fixedInputs.ContainsKey(i.Name)))
        {
            var schema = FromType(input.Type);
            if (input.Description is { } description)
            {
                schema["description"] = description;
            }

            properties[input.Name] = schema;
            if (input.Required)
            {
                required.Add(input.Name);
            }
        }

        return Object(properties, required);
    }

    private static JsonObject FromType(DataType type) => type.Kind switch
    {
        DataKind.Bool => new JsonObject { ["type"] = "boolean" },
        DataKind.Int => new JsonObject { ["type"] = "integer" },
        DataKind.Number => new JsonObject { ["type"] = "number" },
        DataKind.String => new JsonObject { ["type"] = "string" },
        DataKind.Array => type.Element is { Kind: not DataKind.Any } element
            ? new JsonObject { ["type"] = "array", ["items"] = FromType(element) }
            : new JsonObject { ["type"] = "array" },
        DataKind.Object => new JsonObject { ["type"] = "object" },
        _ => new JsonObject(),
    };

    private static JsonObject Object(JsonObject properties, JsonArray required) => new()
    {
        ["type"] = "object",
        ["properties"] = properties,
        ["required"] = required,
    };
}
