using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Docs;

/// <summary>
/// Gives every operation the answers the pipeline adds to its handler's own, each with the error envelope: an
/// operation that needs a credential says so (API key or bearer JWT) and lists 400 (a malformed
/// X-Organization-Id), 401, 403 (role too low, inactive or other organization) and 404 (no such organization);
/// open ones say <c>security: []</c>. Every rate-limited path lists 429, a strict query string 422, a request body
/// 400, 413 and 415. HEAD answers carry no body, so their responses have no content.
/// </summary>
internal static class StandardResponses
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    public const string ErrorSchema = "ErrorEnvelope";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["400"] = "Bad Request: a malformed header, parameter or body, named in the message",
        ["401"] = "Unauthorized: no credential, or an invalid, revoked or expired one",
        ["403"] = "Forbidden: the credential's role is too low, or its organization is inactive or another one",
        ["404"] = "Not Found",
        ["409"] = "Conflict",
        ["413"] = "Payload Too Large: the body is over the server's limit (STEPWISE_MAX_BODY)",
        ["415"] = "Unsupported Media Type: the body's Content-Type is not one the operation reads",
        ["422"] = "Unprocessable Entity: a well-formed request the API refuses, with the reason",
        ["429"] = "Too Many Requests: over the rate limit; Retry-After says when to try again",
    };

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var route = "/" + (description.RelativePath ?? string.Empty).TrimEnd('/');
        var method = description.HttpMethod ?? "GET";
        operation.OperationId = OperationIds.For(method, route);
        operation.Responses ??= new OpenApiResponses();
        AddRequestBody(operation, metadata);

        if (metadata.OfType<RequiredRole>().Any())
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
            ];
            Add(operation, context, "400", "401", "403", "404");
        }
        else
        {
            operation.Security = [];
        }

        if (!RateLimiting.ApiRateLimiter.IsExempt(route))
        {
            Add(operation, context, "429");
        }

        if (metadata.OfType<StrictQuery>().Any())
        {
            Add(operation, context, "422");
        }

        if (operation.RequestBody is not null)
        {
            Add(operation, context, "400", "413", "415");
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (HttpMethods.IsHead(method) && response is OpenApiResponse headAnswer)
            {
                headAnswer.Content = null;
            }
            else if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse error)
            {
                error.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
                if (error.Content.Count == 0)
                {
                    error.Content["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ErrorSchema, context.Document) };
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            if (operation.Responses!.ContainsKey(status))
            {
                continue;
            }

            operation.Responses[status] = new OpenApiResponse
            {
                Description = Descriptions[status],
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(ErrorSchema, context.Document) },
                },
            };
        }
    }

    /// <summary>The body an endpoint reads itself: its <see cref="RequestBodyDoc"/>, or a JSON object for a <see cref="JsonObjectBody"/> parameter.</summary>
    private static void AddRequestBody(OpenApiOperation operation, IList<object> metadata)
    {
        var body = metadata.OfType<RequestBodyDoc>().FirstOrDefault();
        if (body is null && metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(JsonObjectBody))))
        {
            body = new RequestBodyDoc("A JSON object", "application/json");
        }

        if (body is null)
        {
            return;
        }

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
                },
                StringComparer.Ordinal),
        };
    }
}
