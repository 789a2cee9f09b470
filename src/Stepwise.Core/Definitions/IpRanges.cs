using System.Net;
using System.Net.Sockets;

namespace Stepwise.Core.Definitions;

/// <summary>
/// Address ranges written as CIDR (<c>192.30.252.0/22</c>, <c>2001:db8::/32</c>) or as one address (<c>10.0.0.7</c>,
/// a /32 or /128): a webhook's <c>allow_ips</c> and the server's trusted proxies. IPv4 addresses that arrive mapped
/// into IPv6 (<c>::ffff:10.0.0.7</c>, as a dual-stack socket reports them) are compared as IPv4.
/// </summary>
public static class IpRanges
{
    public const string Expected = "an IP address or a CIDR range such as 192.0.2.0/24";

    public static bool TryParse(string? text, out IPNetwork range)
    {
        range = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            // IPNetwork refuses a range with bits set after the prefix (10.0.0.7/24): say what was meant instead.
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (!IPAddress.TryParse(text[..slash], out var start)
                || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
                || prefix > (start.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
            {
                return false;
            }

            return IPNetwork.TryParse(text, out range);
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        address = Normalize(address);
        range = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    public static bool Contains(IReadOnlyList<IPNetwork> ranges, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(address);
        address = Normalize(address);
        foreach (var range in ranges)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
