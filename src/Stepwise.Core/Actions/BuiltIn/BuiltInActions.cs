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
    /// <paramref name="httpClientFactory"/>, http uses one pooled client for the process; validation-only callers
    /// can pass nothing at all.
    /// </summary>
    public static ActionRegistry CreateRegistry(
        IHttpClientFactory? httpClientFactory = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        HttpActionOptions? httpOptions = null,
        IEnumerable<IAction>? additionalActions = null,
        IActionSource? extensions = null)
    {
        httpOptions ??= new HttpActionOptions();
        var resilience = new HttpResilience(
            httpOptions.CircuitBreaker,
            timeProvider ?? TimeProvider.System,
            loggerFactory ?? NullLoggerFactory.Instance);
        IAction[] builtIn =
        [
            new TransformAction(),
            new LogAction(),
            new DelayAction(),
            new HttpAction(httpClientFactory ?? SharedHttpClientFactory.Instance, resilience, httpOptions),
            new FailAction(),
            new WorkflowAction(),
            new ForeachAction(),
            new ApprovalAction(),
            new Email.EmailAction(),
            new Agent.AgentAction(
                httpClientFactory ?? SharedHttpClientFactory.Instance,
                (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Agent")),
        ];
        return new ActionRegistry(builtIn.Concat(additionalActions ?? []), extensions) { HttpResilience = resilience };
    }
}
