using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Stepwise.Server.Docs;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: every endpoint with its summary and statuses, the API key
/// scheme, and the request bodies endpoints read themselves.
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddStepwiseOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Stepwise API",
                    Version = "v1",
                    Description = "Durable workflows over HTTP. Send an API key as X-API-Key, Authorization: Bearer, " +
                        "x-functions-key or ?code=. Every error is {\"error\": {\"code\", \"message\", \"details\"}, \"request_id\"}.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-API-Key",
                    Description = "An API key; platform admins may add X-Organization-Id to act for an organization.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference("ApiKey", document)] = [],
                });
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var body = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDoc>().FirstOrDefault();
                if (body is not null)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Description = body.Description,
                        Content = body.ContentTypes.ToDictionary(
                            type => type,
                            type => new OpenApiMediaType
                            {
                                Schema = new OpenApiSchema
                                {
                                    Type = type.EndsWith("json", StringComparison.Ordinal) ? JsonSchemaType.Object : JsonSchemaType.String,
                                },
                            }),
                    };
                }

                return Task.CompletedTask;
            });
        });
}
