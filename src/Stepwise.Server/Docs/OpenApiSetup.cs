using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Stepwise.Server.Docs;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: every endpoint with its summary, operationId, security and every
/// status it can answer (<see cref="StandardResponses"/>), the two credential schemes, nullable values as OpenAPI 3.1
/// writes them (<see cref="NullableSchemas"/>), and the request bodies endpoints read themselves.
/// OpenApiConformanceTests call every operation and check each answer against this document.
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddStepwiseOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddSchemaTransformer(NullableSchemas.TransformSchemaAsync);
            options.AddOperationTransformer(StandardResponses.TransformAsync);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Stepwise API",
                    Version = "v1",
                    Description = "Durable workflows over HTTP. Send an API key as X-API-Key, Authorization: Bearer, " +
                        "x-functions-key or ?code=, or a JWT as Authorization: Bearer. Every error is " +
                        "{\"error\": {\"code\", \"message\", \"details\"?}, \"request_id\"}.",
                };

                // The generator names the server by the request's address with a trailing slash; paths start with one.
                foreach (var server in document.Servers ?? [])
                {
                    if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
                    {
                        server.Url = url.TrimEnd('/');
                    }
                }

                foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
                {
                    tag.Description ??= tag.Name is { } name ? TagDescriptions.For(name) : null;
                }

                // A file answer (a trace, a dump) is bytes, whatever type the endpoint declared for its JSON form.
                foreach (var operation in (document.Paths ?? []).Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
                {
                    foreach (var response in (operation.Responses ?? []).Values)
                    {
                        if (response.Content?.TryGetValue("application/octet-stream", out var bytes) == true)
                        {
                            bytes.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                        }
                    }
                }

                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes[StandardResponses.ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-API-Key",
                    Description = "An API key (also accepted as Authorization: Bearer, x-functions-key or ?code=); " +
                        "platform admins may add X-Organization-Id to act for an organization.",
                };
                document.Components.SecuritySchemes[StandardResponses.BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from POST /auth/login or a configured identity provider.",
                };
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(NullableSchemas.TransformDocumentAsync);
        });
}
