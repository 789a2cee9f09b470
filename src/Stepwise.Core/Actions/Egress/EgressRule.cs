using System.Net;

namespace Stepwise.Core.Actions.Egress;

/// <summary>A named set of address ranges outbound actions may be refused: <c>metadata</c>, <c>loopback</c>, <c>private</c>, or a range.</summary>
public sealed record EgressRule(string Name, IReadOnlyList<IPNetwork> Networks)
{
    /// <summary>Link-local addresses and the cloud metadata services (AWS, GCP, Azure, Alibaba, Oracle): denied by default.</summary>
    public static EgressRule Metadata { get; } = new(
        "metadata",
        [
            IPNetwork.Parse("169.254.0.0/16"),
            IPNetwork.Parse("fe80::/10"),
            IPNetwork.Parse("fd00:ec2::254/128"),
            IPNetwork.Parse("100.100.100.200/32"),
            IPNetwork.Parse("168.63.129.16/32"),
            IPNetwork.Parse("192.0.0.192/32"),
        ]);

    /// <summary>This machine: 127.0.0.0/8, ::1, and the unspecified addresses that reach it.</summary>
    public static EgressRule Loopback { get; } = new(
        "loopback", [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("::/128")]);

    /// <summary>Private networks: RFC 1918, carrier-grade NAT, IPv6 unique local.</summary>
    public static EgressRule Private { get; } = new(
        "private",
        [
            IPNetwork.Parse("10.0.0.0/8"),
            IPNetwork.Parse("172.16.0.0/12"),
            IPNetwork.Parse("192.168.0.0/16"),
            IPNetwork.Parse("100.64.0.0/10"),
            IPNetwork.Parse("fc00::/7"),
        ]);

    public bool Contains(IPAddress address) => Networks.Any(network => network.Contains(address));

    /// <summary>A rule by its name (metadata, loopback, private) or a CIDR range (<c>10.1.0.0/16</c>, <c>::1/128</c>) or one address.</summary>
    public static bool TryParse(string text, out EgressRule? rule)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        rule = trimmed.ToLowerInvariant() switch
        {
            "metadata" or "link-local" => Metadata,
            "loopback" => Loopback,
            "private" => Private,
            _ when IPNetwork.TryParse(trimmed, out var network) => new EgressRule(trimmed, [network]),
            _ when IPAddress.TryParse(trimmed, out var address) => new EgressRule(trimmed, [new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)]),
            _ => null,
        };
        return rule is not null;
    }
}
