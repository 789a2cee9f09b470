using System.Diagnostics.CodeAnalysis;
using Stepwise.Core.Expressions;
using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>
/// The <see cref="IWorkflowContext"/> a data provider receives when a form asks for options. It runs outside any
/// run: a step is just a call (nothing to journal), a delay just waits, and it cannot start workflows.
/// </summary>
public sealed class ProviderContext(
    string orgId,
    string orgName,
    IValueLookup? config,
    IValueLookup? secrets,
    HttpClient http,
    Action<string, string> log,
    Core.Actions.IOAuthTokenSource? oauth,
    CancellationToken cancellationToken) : IWorkflowContext
{
    public OrganizationInfo Org { get; } = new(orgId, orgName);

    public string ExecutionId => "";

    public HttpClient Http => http;

    public CancellationToken CancellationToken => cancellationToken;

    public void Log(string level, string message, object? data = null) =>
        log(ContextValues.ParseLevel(level).ToString(), message);

    public bool HasConfig(string key) => config?.TryGet(key, out _) == true;

    public bool TryGetConfig(string key, [NotNullWhen(true)] out string? value)
    {
        value = config is not null && config.TryGet(key, out var node) ? ContextValues.AsText(node) : null;
        return value is not null;
    }

    public string GetConfig(string key) =>
        TryGetConfig(key, out var value) ? value : throw new ConfigurationError(ContextValues.ConfigNotFound(key), key);

    public Task<string> GetSecretAsync(string name) =>
        Task.FromResult(
            (secrets is not null && secrets.TryGet(name, out var node) ? ContextValues.AsText(node) : null)
            ?? throw new ConfigurationError($"Secret '{name}' not found for organization", name));

    public async Task<OAuthConnection> GetOAuthConnectionAsync(string name)
    {
        var token = oauth is null
            ? Core.Actions.OAuthTokenResult.Fail(Core.Actions.OAuthTokenResult.ConnectionNotFound(name))
            : await oauth.GetTokenAsync(orgId, name, null, cancellationToken).ConfigureAwait(false);
        return token.AccessToken is { } accessToken
            ? new OAuthConnection(name, accessToken)
            : throw new ConfigurationError(token.Error ?? Core.Actions.OAuthTokenResult.ConnectionNotFound(name), name);
    }

    public async Task<T> StepAsync<T>(
        string name, Func<CancellationToken, Task<T>> action, StepRetry? retry = null, TimeSpan? timeout = null,
        Func<T, CancellationToken, Task>? compensate = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return await action(cancellationToken).ConfigureAwait(false);
    }

    public Task StepAsync(
        string name, Func<CancellationToken, Task> action, StepRetry? retry = null, TimeSpan? timeout = null,
        Func<CancellationToken, Task>? compensate = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action(cancellationToken);
    }

    public Task DelayAsync(TimeSpan duration) => Task.Delay(duration, cancellationToken);

    public Task<T?> WaitForSignalAsync<T>(string name, TimeSpan? timeout = null, string? message = null) =>
        throw new WorkflowException("Data providers cannot wait for signals", "NOT_IN_A_RUN");

    public Task<T> ExecuteWorkflowAsync<T>(string name, object? input = null) =>
        throw new WorkflowException("Data providers cannot start workflows", "NOT_IN_A_RUN");
}
