using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Secrets;

/// <summary>
/// <c>/api/v1/config</c>: the organization's configuration, read by workflows as <c>config.key</c>. Viewers read it,
/// admins change it. Values are any JSON; configuration is not secret (use <c>/api/v1/secrets</c> for that).
/// </summary>
internal static class ConfigEndpoints
{
    public const int MaxValueBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapConfigEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/config").WithTags("Configuration");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .WithSummary("The organization's configuration, by key");
        group.MapPut("/", PutManyAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Set several keys at once from a JSON object of key: value; other keys stay");
        group.MapGet("/{key}", GetAsync).RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("One configuration value");
        group.MapPut("/{key}", PutAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Set one key: {\"value\": any JSON}");
        group.MapDelete("/{key}", DeleteAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Delete a key; runs that read it afterwards fail with Configuration key 'key' not found for organization");
        return routes;
    }

    private static async Task<Ok<ConfigList>> ListAsync(Caller caller, IOrgConfigStore config, CancellationToken cancellationToken)
    {
        var entries = await config.ListAsync(caller.OrgId, cancellationToken);
        return TypedResults.Ok(new ConfigList([.. entries.Select(Entry)]));
    }

    private static async Task<Results<Ok<ConfigEntry>, ErrorResult>> GetAsync(
        string key, Caller caller, IOrgConfigStore config, CancellationToken cancellationToken)
    {
        var entry = OrgNames.IsKey(key) ? await config.GetAsync(caller.OrgId, key, cancellationToken) : null;
        return entry is null ? NotFound(key) : TypedResults.Ok(Entry(entry));
    }

    private static async Task<Results<Created<ConfigEntry>, Ok<ConfigEntry>, ErrorResult>> PutAsync(
        string key,
        Caller caller,
        JsonObjectBody body,
        IOrgConfigStore config,
        AuditTrail audit,
        OrgRunEnvironment environments,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!OrgNames.IsKey(key))
        {
            return BadKey(key);
        }

        if (body.Value.Select(p => p.Key).FirstOrDefault(field => field != "value") is { } unknown)
        {
            return ApiErrors.Validation($"Unknown field '{Names.Quote(unknown)}': a key is set with {{\"value\": ...}}");
        }

        if (!body.Value.TryGetPropertyValue("value", out var value))
        {
            return ApiErrors.Validation("Field 'value' is required: a key is set with {\"value\": ...} (any JSON)");
        }

        if (TooLarge(key, value) is { } tooLarge)
        {
            return tooLarge;
        }

        var existed = await config.GetAsync(caller.OrgId, key, cancellationToken) is not null;
        var stored = await config.PutAsync(caller.OrgId, key, value?.DeepClone(), time.GetUtcNow(), cancellationToken);
        environments.Forget(caller.OrgId);
        Stepwise.Hosting.Secrets.Log.ConfigChanged(loggers.CreateLogger("Stepwise.Server.Secrets"), caller.OrgId, key, existed ? "replaced" : "created");
        await audit.RecordAsync(
            new AuditEntry(AuditActions.ConfigPut, "config", key, Detail: existed ? "replaced" : "created"),
            CancellationToken.None);
        return existed ? TypedResults.Ok(Entry(stored)) : TypedResults.Created($"/api/v1/config/{key}", Entry(stored));
    }

    private static async Task<Results<Ok<ConfigList>, ErrorResult>> PutManyAsync(
        Caller caller,
        JsonObjectBody body,
        IOrgConfigStore config,
        AuditTrail audit,
        OrgRunEnvironment environments,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var (key, value) in body.Value)
        {
            if (!OrgNames.IsKey(key))
            {
                problems.Add($"'{Names.Quote(key)}' is not a configuration key: use {OrgNames.KeyRule}");
            }
            else if (TooLarge(key, value) is { } tooLarge)
            {
                problems.Add(tooLarge.Message);
            }
        }

        if (body.Value.Count == 0)
        {
            problems.Add("The body sets no key: send a JSON object of key: value");
        }

        if (problems.Count > 0)
        {
            return ApiErrors.Validation(problems);
        }

        var now = time.GetUtcNow();
        var logger = loggers.CreateLogger("Stepwise.Server.Secrets");
        foreach (var (key, value) in body.Value)
        {
            await config.PutAsync(caller.OrgId, key, value?.DeepClone(), now, cancellationToken);
            Stepwise.Hosting.Secrets.Log.ConfigChanged(logger, caller.OrgId, key, "set");
            await audit.RecordAsync(new AuditEntry(AuditActions.ConfigPut, "config", key, Detail: "set"), CancellationToken.None);
        }

        environments.Forget(caller.OrgId);

        var entries = await config.ListAsync(caller.OrgId, cancellationToken);
        return TypedResults.Ok(new ConfigList([.. entries.Select(Entry)]));
    }

    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(
        string key,
        Caller caller,
        IOrgConfigStore config,
        AuditTrail audit,
        OrgRunEnvironment environments,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!OrgNames.IsKey(key) || !await config.DeleteAsync(caller.OrgId, key, cancellationToken))
        {
            return NotFound(key);
        }

        environments.Forget(caller.OrgId);

        Stepwise.Hosting.Secrets.Log.ConfigChanged(loggers.CreateLogger("Stepwise.Server.Secrets"), caller.OrgId, key, "deleted");
        await audit.RecordAsync(new AuditEntry(AuditActions.ConfigDelete, "config", key), CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static ErrorResult? TooLarge(string key, JsonNode? value)
    {
        var length = value?.ToJsonString().Length ?? 4;
        return length > MaxValueBytes
            ? ApiErrors.Validation($"The value of '{key}' is {length} characters of JSON; a configuration value holds at most {MaxValueBytes}")
            : null;
    }

    private static ErrorResult BadKey(string key) =>
        ApiErrors.Validation($"'{Names.Quote(key)}' is not a configuration key: use {OrgNames.KeyRule}");

    private static ErrorResult NotFound(string key) =>
        ApiErrors.NotFound(ExpressionMessages.ConfigurationKeyNotFound(Names.Quote(key)));

    private static ConfigEntry Entry(ConfigEntryRecord entry) => new(entry.Key, entry.Value, entry.CreatedAt, entry.UpdatedAt);
}
