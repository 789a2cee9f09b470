using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Stepwise.Server.Tests.OpenApi;

/// <summary>
/// The server's OpenAPI document as a contract for real answers: finds the operation of a method and route
/// template, and checks an answer against it (the status is listed, the content type is one the response
/// declares, the body validates with JsonSchema.Net against the response's schema, and a response without content
/// has no body). Object schemas with properties are closed (<c>additionalProperties: false</c>) for the check, so a
/// field the document does not describe fails too.
/// </summary>
public sealed class OpenApiContract
{
    private const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    private readonly JsonObject _document;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public OpenApiContract(JsonObject document)
    {
        _document = document;
        var schemas = document["components"]?["schemas"]?.DeepClone().AsObject() ?? [];
        foreach (var (_, schema) in schemas)
        {
            Close(schema);
        }

        _definitions = JsonNode.Parse(schemas.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
    }

    /// <summary>Every documented answer: method, route template, operationId and status.</summary>
    public IEnumerable<(string Method, string Template, string OperationId, string Status)> Answers()
    {
        foreach (var (template, item) in _document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var (status, _) in operation!["responses"]!.AsObject())
                {
                    yield return (method.ToUpperInvariant(), template, operation["operationId"]?.GetValue<string>() ?? "?", status);
                }
            }
        }
    }

    public JsonObject? Operation(string method, string template) =>
        _document["paths"]?[template]?[method.ToLowerInvariant()]?.AsObject();

    /// <summary>The problems of one answer against the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string template, int status, MediaTypeHeaderValue? contentType, string body)
    {
        var problems = new List<string>();
        var operation = Operation(method, template);
        if (operation is null)
        {
            problems.Add("the document has no such operation");
            return problems;
        }

        if (operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject response)
        {
            problems.Add($"status {status} is not documented (documented: {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))}); body: {Shorten(body)}");
            return problems;
        }

        if (response["content"] is not JsonObject { Count: > 0 } content)
        {
            if (body.Length > 0)
            {
                problems.Add($"status {status} is documented without content but has a body: {Shorten(body)}");
            }

            return problems;
        }

        var mediaType = contentType?.MediaType;
        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            problems.Add($"content type '{mediaType}' is not documented for {status} (documented: {string.Join(", ", content.Select(c => c.Key))})");
            return problems;
        }

        if (media["schema"] is not JsonObject schemaNode || !mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return problems;
        }

        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException exception)
        {
            problems.Add($"the body is not JSON ({exception.Message}): {Shorten(body)}");
            return problems;
        }

        var key = $"{method} {template} {status} {mediaType}";
        var schema = _schemas.GetOrAdd(key, _ => Build(schemaNode));
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
                .Distinct()
                .Take(8);
            problems.Add($"the body does not match the schema of {status}: {string.Join("; ", errors)}; body: {Shorten(body)}");
        }

        return problems;
    }

    private JsonSchema Build(JsonObject schemaNode)
    {
        var root = new JsonObject
        {
            ["$schema"] = SchemaDialect,
            ["$defs"] = _definitions.DeepClone(),
            ["allOf"] = new JsonArray(JsonNode.Parse(schemaNode.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))),
        };
        // Each schema gets a base URI of its own: the registry keeps every built schema by it.
        return JsonSchema.FromText(root.ToJsonString(), BuildOptions.Default, new Uri($"https://stepwise.test/openapi/{Guid.NewGuid():N}"));
    }

    /// <summary>An object schema that lists properties allows no others, unless it says so.</summary>
    private static void Close(JsonNode? schema)
    {
        if (schema is not JsonObject node)
        {
            return;
        }

        if (node["properties"] is JsonObject properties)
        {
            if (!node.ContainsKey("additionalProperties"))
            {
                node["additionalProperties"] = false;
            }

            foreach (var (_, property) in properties)
            {
                Close(property);
            }
        }

        Close(node["items"]);
        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (node[keyword] is JsonArray choices)
            {
                foreach (var choice in choices)
                {
                    Close(choice);
                }
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "...";
}
