using System.Net;
using Stepwise.Core.Definitions;

namespace Stepwise.Server.Triggers;

/// <summary>
/// The address a webhook request comes from, for <c>allow_ips</c>. It is the connection's, unless that is a trusted
/// proxy (<c>STEPWISE_TRUSTED_PROXIES</c>): then <c>X-Forwarded-For</c> is read from the right, each proxy appending
/// the address it saw, and the first address that is not a trusted proxy is the client. A header from an untrusted
/// peer is ignored (anyone can write it); an entry that is not an address makes the request's origin unknown.
/// </summary>
internal static class WebhookClientAddress
{
    public static IPAddress? Resolve(HttpContext context, IReadOnlyList<IPNetwork> trustedProxies)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Connection.RemoteIpAddress is not { } remote)
        {
            return null;
        }

        var client = IpRanges.Normalize(remote);
        if (trustedProxies.Count == 0 || !IpRanges.Contains(trustedProxies, client))
        {
            return client;
        }

        var hops = context.Request.Headers["X-Forwarded-For"]
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        for (var i = hops.Count - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop))
            {
                return null;
            }

            client = IpRanges.Normalize(hop);
            if (!IpRanges.Contains(trustedProxies, client))
            {
                return client;
            }
        }

        return client;
    }
}
