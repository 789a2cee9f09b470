using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>The <see cref="IWorkflowContext"/> a workflow method receives: the engine's run, in the user's types.</summary>
internal sealed class WorkflowContext(ICodeRun run, HttpClient http) : IWorkflowContext
{
    public OrganizationInfo Org { get; } = new(run.OrgId, run.OrgName);

    public string ExecutionId => run.ExecutionId;

    public HttpClient Http => http;

    public CancellationToken CancellationToken => run.CancellationToken;

    public void Log(string level, string message, object? data = null) =>
        run.Log(ContextValues.ParseLevel(level), message, data is null ? null : WorkspaceJson.ToNode(data, data.GetType()));

    public bool HasConfig(string key) => run.Config.TryGet(key, out _);

    public bool TryGetConfig(string key, [NotNullWhen(true)] out string? value)
    {
        value = run.Config.TryGet(key, out var node) ? ContextValues.AsText(node) : null;
        return value is not null;
    }

    public string GetConfig(string key) =>
        TryGetConfig(key, out var value) ? value : throw new ConfigurationError(ContextValues.ConfigNotFound(key), key);

    public Task<string> GetSecretAsync(string name) =>
        Task.FromResult(run.GetSecret(name) ?? throw new ConfigurationError($"Secret '{name}' not found for organization", name));

    public async Task<OAuthConnection> GetOAuthConnectionAsync(string name)
    {
        var token = await run.GetOAuthTokenAsync(name).ConfigureAwait(false);
        return token.AccessToken is { } accessToken
            ? new OAuthConnection(name, accessToken)
            : throw new ConfigurationError(token.Error ?? $"OAuth connection '{name}' not found for organization", name);
    }

    public async Task<T> StepAsync<T>(
        string name,
        Func<CancellationToken, Task<T>> action,
        StepRetry? retry = null,
        TimeSpan? timeout = null,
        Func<T, CancellationToken, Task>? compensate = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var node = await run.StepAsync(
            name,
            async ct => WorkspaceJson.ToNode(await action(ct).ConfigureAwait(false), typeof(T)),
            ContextValues.ToPolicy(retry),
            timeout,
            compensate is null ? null : (output, ct) => compensate((T)WorkspaceJson.FromNode(output, typeof(T))!, ct)).ConfigureAwait(false);
        return (T)WorkspaceJson.FromNode(node, typeof(T))!;
    }

    public Task StepAsync(
        string name,
        Func<CancellationToken, Task> action,
        StepRetry? retry = null,
        TimeSpan? timeout = null,
        Func<CancellationToken, Task>? compensate = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return run.StepAsync(
            name,
            async ct =>
            {
                await action(ct).ConfigureAwait(false);
                return null;
            },
            ContextValues.ToPolicy(retry),
            timeout,
            compensate is null ? null : (_, ct) => compensate(ct));
    }

    public Task DelayAsync(TimeSpan duration) => run.DelayAsync(duration);

    public async Task<T?> WaitForSignalAsync<T>(string name, TimeSpan? timeout = null, string? message = null)
    {
        var (received, payload) = await run.WaitForSignalAsync(name, timeout, message).ConfigureAwait(false);
        if (!received || payload is null)
        {
            return default;
        }

        try
        {
            return (T?)WorkspaceJson.FromNode(payload, typeof(T));
        }
        catch (JsonException exception)
        {
            throw new WorkflowException($"The payload of signal '{name}' cannot be read as {typeof(T).Name}: {exception.Message}", "INVALID_SIGNAL");
        }
    }

    public async Task<T> ExecuteWorkflowAsync<T>(string name, object? input = null)
    {
        var parameters = input is null ? [] : WorkspaceJson.ToNode(input, input.GetType()) as JsonObject
            ?? throw new ArgumentException("The input of a child workflow must serialize to a JSON object.", nameof(input));
        var output = await run.RunChildAsync(name, parameters).ConfigureAwait(false);
        return (T)WorkspaceJson.FromNode(output, typeof(T))!;
    }
}

/// <summary>Conversions shared by the workflow and data provider contexts.</summary>
internal static class ContextValues
{
    public static string ConfigNotFound(string key) => $"Configuration key '{key}' not found for organization";

    public static ExecutionLogLevel ParseLevel(string level) => level?.ToLowerInvariant() switch
    {
        "debug" => ExecutionLogLevel.Debug,
        "info" or "information" => ExecutionLogLevel.Info,
        "warning" or "warn" => ExecutionLogLevel.Warning,
        "error" => ExecutionLogLevel.Error,
        _ => throw new ArgumentException($"Log level '{level}' is not one of debug, info, warning, error.", nameof(level)),
    };

    public static string? AsText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    public static RetryPolicy? ToPolicy(StepRetry? retry) => retry is null
        ? null
        : retry.MaxAttempts < 1
            ? throw new ArgumentOutOfRangeException(nameof(retry), retry.MaxAttempts, "A step needs at least one attempt.")
            : new RetryPolicy(
                retry.MaxAttempts, retry.Exponential ? BackoffKind.Exponential : BackoffKind.Fixed, retry.Delay, retry.MaxDelay, false);
}
