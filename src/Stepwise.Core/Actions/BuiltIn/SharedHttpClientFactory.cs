namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>
/// The client factory used when the host registers none (the CLI without DI): one pooled handler for the process,
/// recycled connections so DNS changes are seen.
/// </summary>
internal sealed class SharedHttpClientFactory : IHttpClientFactory
{
    public static readonly SharedHttpClientFactory Instance = new();

    private readonly SocketsHttpHandler _handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };

    public HttpClient CreateClient(string name) => new(_handler, disposeHandler: false);
}
