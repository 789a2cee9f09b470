using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Expressions;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Secrets;

/// <summary>
/// <c>/api/v1/secrets</c>: an organization's secrets. Admins write them; anyone in the organization may see their
/// names and times. No endpoint ever answers with a value: only running workflows read them, as <c>secrets.name</c>.
/// </summary>
internal static class SecretEndpoints
{
    /// <summary>Larger values are certificates or files, which do not belong in a secret.</summary>
    public const int MaxValueBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapSecretEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/secrets").WithTags("Secrets");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .WithSummary("List the organization's secrets: names and times, never values");
        group.MapGet("/{name}", GetAsync).RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("A secret's name and times, never its value");
        group.MapPut("/{name}", PutAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create a secret or replace its value: {\"value\": \"...\"}; stored encrypted (AES-256-GCM)");
        group.MapDelete("/{name}", DeleteAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Delete a secret; runs that read it afterwards fail with Secret 'name' not found");
        return routes;
    }

    private static async Task<Ok<SecretList>> ListAsync(Caller caller, ISecretStore secrets, CancellationToken cancellationToken)
    {
        var list = await secrets.ListAsync(caller.OrgId, cancellationToken);
        return TypedResults.Ok(new SecretList([.. list.Select(Info)]));
    }

    private static async Task<Results<Ok<SecretInfo>, ErrorResult>> GetAsync(
        string name, Caller caller, ISecretStore secrets, CancellationToken cancellationToken)
    {
        var secret = OrgNames.IsKey(name) ? await secrets.GetAsync(caller.OrgId, name, cancellationToken) : null;
        return secret is null ? NotFound(name) : TypedResults.Ok(Info(secret));
    }

    private static async Task<Results<Created<SecretInfo>, Ok<SecretInfo>, ErrorResult>> PutAsync(
        string name,
        Caller caller,
        JsonObjectBody body,
        ISecretStore secrets,
        SecretCipher cipher,
        AuditTrail audit,
        OrgRunEnvironment environments,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!OrgNames.IsKey(name))
        {
            return ApiErrors.Validation($"'{Names.Quote(name)}' is not a secret name: use {OrgNames.KeyRule}");
        }

        if (ReadValue(body.Value) is { Problem: { } problem })
        {
            return ApiErrors.Validation(problem);
        }

        var value = ReadValue(body.Value).Value!;
        var existed = await secrets.GetAsync(caller.OrgId, name, cancellationToken) is not null;
        var sealedValue = cipher.Seal(value, SecretCipher.AssociatedData(SealPurposes.Secret, caller.OrgId, name));
        var stored = await secrets.PutAsync(caller.OrgId, name, sealedValue, time.GetUtcNow(), cancellationToken);
        environments.Forget(caller.OrgId);
        Stepwise.Hosting.Secrets.Log.SecretChanged(
            loggers.CreateLogger("Stepwise.Server.Secrets"), caller.OrgId, name, existed ? "replaced" : "created", cipher.Keys.Current.Id);
        await audit.RecordAsync(
            new AuditEntry(AuditActions.SecretPut, "secret", name, Detail: existed ? "replaced" : "created"),
            CancellationToken.None);
        return existed
            ? TypedResults.Ok(Info(stored))
            : TypedResults.Created($"/api/v1/secrets/{name}", Info(stored));
    }

    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(
        string name,
        Caller caller,
        ISecretStore secrets,
        AuditTrail audit,
        OrgRunEnvironment environments,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!OrgNames.IsKey(name) || !await secrets.DeleteAsync(caller.OrgId, name, cancellationToken))
        {
            return NotFound(name);
        }

        environments.Forget(caller.OrgId);

        Stepwise.Hosting.Secrets.Log.SecretChanged(loggers.CreateLogger("Stepwise.Server.Secrets"), caller.OrgId, name, "deleted", "-");
        await audit.RecordAsync(new AuditEntry(AuditActions.SecretDelete, "secret", name), CancellationToken.None);
        return TypedResults.NoContent();
    }

    /// <summary>The value to store, or what is wrong with the body (the message never quotes the value).</summary>
    private static (string? Value, string? Problem) ReadValue(JsonObject body)
    {
        foreach (var (field, _) in body)
        {
            if (field != "value")
            {
                return (null, $"Unknown field '{Names.Quote(field)}': a secret is set with {{\"value\": \"...\"}}");
            }
        }

        if (!body.TryGetPropertyValue("value", out var node) || node is null)
        {
            return (null, "Field 'value' is required: a secret is set with {\"value\": \"...\"}");
        }

        if (!JsonValues.TryGetString(node, out var text))
        {
            return (null, $"Field 'value' must be a string, not {node.GetValueKind().ToString().ToLowerInvariant()}");
        }

        if (text.Length == 0)
        {
            return (null, "Field 'value' must not be empty");
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > MaxValueBytes
            ? (null, $"Field 'value' is {bytes} bytes; a secret holds at most {MaxValueBytes} bytes")
            : (text, null);
    }

    private static ErrorResult NotFound(string name) => ApiErrors.NotFound(ExpressionMessages.SecretNotFound(Names.Quote(name)));

    private static SecretInfo Info(SecretRecord secret) => new(secret.Name, secret.CreatedAt, secret.UpdatedAt);
}
