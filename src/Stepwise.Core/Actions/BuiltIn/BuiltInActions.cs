using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Resilience;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>The built-in actions: transform, log, delay, http, fail, workflow, foreach, approval, agent, email.</summary>
public static class BuiltInActions
{
    /// <summary>
    /// A registry of the built-in actions plus <paramref name="additionalActions"/>. Without an
    /// <paramref name="httpClientFactory"/>, http and agent use one pooled client whose connections follow
    /// <paramref name="egress"/> (the default policy when null); validation-only callers can pass nothing at all.
    /// </summary>
    public static ActionRegistry CreateRegistry(
        IHttpClientFactory? httpClientFactory = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        HttpActionOptions? httpOptions = null,
        IEnumerable<IAction>? additionalActions = null,
        IActionSource? extensions = null,
        Egress.EgressPolicy? egress = null)
    {
        httpOptions ??= new HttpActionOptions();
        httpClientFactory ??= egress is null || ReferenceEquals(egress, Egress.EgressPolicy.Default)
            ? SharedHttpClientFactory.Instance
            : new SharedHttpClientFactory(egress);
        var resilience = new HttpResilience(
            httpOptions.CircuitBreaker,
            timeProvider ?? TimeProvider.System,
            loggerFactory ?? NullLoggerFactory.Instance);
        IAction[] builtIn =
        [
            new TransformAction(),
            new LogAction(),
            new DelayAction(),
            new HttpAction(httpClientFactory, resilience, httpOptions),
            new FailAction(),
            new WorkflowAction(),
            new ForeachAction(),
            new ApprovalAction(),
            new Email.EmailAction(egress ?? Egress.EgressPolicy.Default),
            new Agent.AgentAction(
                httpClientFactory,
                (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Agent")),
        ];
        return new ActionRegistry(builtIn.Concat(additionalActions ?? []), extensions) { HttpResilience = resilience };
    }
}
