using System.Net;

namespace Stepwise.Core.Actions.Egress;

/// <summary>
/// Where outbound actions (http, email, agent) may connect, decided on the addresses a name resolves to, at every
/// connection (redirects included). By default only the link-local range and cloud metadata addresses are refused;
/// hosts add loopback, private ranges, their own ranges (STEPWISE_EGRESS_DENY) or allow only a list
/// (STEPWISE_EGRESS_ALLOW). An allow entry wins over a deny rule.
/// </summary>
public sealed class EgressPolicy
{
    public EgressPolicy(IReadOnlyList<EgressRule> deny, IReadOnlyList<EgressRule>? allowOnly = null)
    {
        Deny = deny;
        AllowOnly = allowOnly ?? [];
    }

    /// <summary>The default: metadata and link-local refused, everything else allowed (loopback too, for local services).</summary>
    public static EgressPolicy Default { get; } = new([EgressRule.Metadata]);

    /// <summary>Refuses nothing: for hosts that filter egress themselves.</summary>
    public static EgressPolicy Open { get; } = new([]);

    public IReadOnlyList<EgressRule> Deny { get; }

    /// <summary>When not empty, only these destinations are allowed.</summary>
    public IReadOnlyList<EgressRule> AllowOnly { get; }

    /// <summary>The name of the rule refusing <paramref name="address"/>, or null when it may be reached.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (AllowOnly.Count > 0)
        {
            return AllowOnly.Any(rule => rule.Contains(address)) ? null : "allowlist";
        }

        return Deny.FirstOrDefault(rule => rule.Contains(address))?.Name;
    }

    /// <summary>The message of a refused connection, naming the rule and the setting.</summary>
    public static string RefusedMessage(string host, IPAddress address, string rule) =>
        rule == "allowlist"
            ? $"egress to {host} ({address}) refused: not in STEPWISE_EGRESS_ALLOW"
            : $"egress to {host} ({address}) refused by rule '{rule}' (STEPWISE_EGRESS_DENY)";

    /// <summary>Resolves <paramref name="host"/> and returns the addresses that may be reached; throws <see cref="EgressRefusedException"/> when none may.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(address => Refusal(address) is null).ToArray();
        if (allowed.Length == 0 && addresses.Length > 0)
        {
            throw new EgressRefusedException(RefusedMessage(host, addresses[0], Refusal(addresses[0])!));
        }

        return allowed;
    }
}
