using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Stepwise.Server.Docs;

/// <summary>
/// Nullable values as OpenAPI 3.1 writes them. The generator describes a nullable reference as
/// <c>oneOf: [{type: null}, {$ref}]</c>, which a validator rejects for null when the referenced schema also accepts
/// null (any JSON value does): exactly one must match. A JSON value becomes its schema alone (it includes null), a
/// JSON object <c>type: [object, null]</c>, any other reference <c>anyOf</c>. Properties the serializer leaves out
/// when null (<see cref="System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull"/>) are not required.
/// </summary>
internal static class NullableSchemas
{
    public static Task TransformDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            if (schema is not OpenApiSchema { Properties: { } properties })
            {
                continue;
            }

            foreach (var (name, property) in properties.ToList())
            {
                if (Replacement(property, document) is { } replacement)
                {
                    properties[name] = replacement;
                }
            }
        }

        return Task.CompletedTask;
    }

    public static Task TransformSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is not { Count: > 0 } required)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            // The serializer's ignore conditions become ShouldSerialize; such a property may be absent.
            if (property.ShouldSerialize is not null)
            {
                required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }

    private static IOpenApiSchema? Replacement(IOpenApiSchema property, OpenApiDocument document)
    {
        if (property is not OpenApiSchema { OneOf: { Count: 2 } choices }
            || !choices.Any(c => c is OpenApiSchema { Type: JsonSchemaType.Null })
            || choices.OfType<OpenApiSchemaReference>().FirstOrDefault() is not { } reference)
        {
            return null;
        }

        return reference.Reference.Id switch
        {
            "JsonNode" => new OpenApiSchemaReference("JsonNode", document),
            "JsonObject" => new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null },
            _ => new OpenApiSchema { AnyOf = [new OpenApiSchemaReference(reference.Reference.Id!, document), new OpenApiSchema { Type = JsonSchemaType.Null }] },
        };
    }
}
