using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Resilience;

namespace Stepwise.Core.Scheduling;

public sealed partial class WorkflowEngine
{
    private static readonly Lazy<HttpMessageHandler> SharedHandler = new(() => new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    });

    private HttpClient? _codeHttp;

    /// <summary>
    /// The HTTP client code workflows get as <c>ctx.Http</c>: the host's handlers for the engine's named client (its
    /// traces), behind the per-host circuit breakers the <c>http</c> action uses. One per engine; the factory's handler
    /// is taken once, which is fine for a client whose connections are recycled by the handler.
    /// </summary>
    internal HttpClient CodeHttp => LazyInitializer.EnsureInitialized(ref _codeHttp, () =>
    {
        var inner = Services.GetService(typeof(IHttpMessageHandlerFactory)) is IHttpMessageHandlerFactory factory
            ? factory.CreateHandler(HttpAction.ClientName)
            : SharedHandler.Value;
        var handler = Actions.HttpResilience is { } resilience
            ? new CircuitBreakerHandler(resilience) { InnerHandler = inner }
            : inner;
        return new HttpClient(handler, disposeHandler: false);
    });
}
