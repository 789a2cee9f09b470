using System.Net;
using System.Net.Sockets;

namespace Stepwise.Core.Actions.Egress;

/// <summary>
/// A <see cref="SocketsHttpHandler"/> whose every connection (the first and each redirect's) goes through the
/// egress policy after DNS resolution, so a name that resolves to a refused address is refused before connecting.
/// </summary>
public static class EgressHttpHandler
{
    public static SocketsHttpHandler Create(EgressPolicy policy, TimeSpan? pooledConnectionLifetime = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = pooledConnectionLifetime ?? TimeSpan.FromMinutes(2),

            // A proxy would connect on the workflow's behalf where the policy cannot see.
            UseProxy = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
        };
    }

    /// <summary>Connects to the first address of <paramref name="endpoint"/> the policy allows.</summary>
    public static async ValueTask<Stream> ConnectAsync(EgressPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(endpoint);
        var addresses = await policy.ResolveAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
