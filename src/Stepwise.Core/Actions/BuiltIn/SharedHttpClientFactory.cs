using Stepwise.Core.Actions.Egress;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>
/// The client factory used when the host registers none: one pooled handler, recycled connections so DNS changes
/// are seen, and every connection checked against the egress policy after DNS resolution.
/// </summary>
internal sealed class SharedHttpClientFactory(EgressPolicy policy) : IHttpClientFactory
{
    /// <summary>The factory of hosts that give no policy: the default one (link-local and metadata refused).</summary>
    public static readonly SharedHttpClientFactory Instance = new(EgressPolicy.Default);

    private readonly SocketsHttpHandler _handler = EgressHttpHandler.Create(policy);

    public HttpClient CreateClient(string name) => new(_handler, disposeHandler: false);
}
