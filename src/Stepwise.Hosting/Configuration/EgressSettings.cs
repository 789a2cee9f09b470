using Stepwise.Core.Actions.Egress;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Reads the egress policy of outbound actions (docs/security.md, "Egress policy"): STEPWISE_EGRESS_DENY lists
/// rules (metadata, loopback, private) and ranges to refuse, metadata always among them unless allowed;
/// STEPWISE_EGRESS_ALLOW, when set, allows only its ranges.
/// </summary>
public static class EgressSettings
{
    public const string DenyKey = "STEPWISE_EGRESS_DENY";
    public const string AllowKey = "STEPWISE_EGRESS_ALLOW";

    public static EgressPolicy Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var deny = Rules(configuration, DenyKey);
        var allow = Rules(configuration, AllowKey);
        if (deny.Count == 0 && allow.Count == 0)
        {
            return EgressPolicy.Default;
        }

        // The metadata rule stays unless the operator writes 'none' or allows a metadata address explicitly.
        var none = SettingValues.Text(configuration, DenyKey)?.Equals("none", StringComparison.OrdinalIgnoreCase) == true;
        if (!none && !deny.Contains(EgressRule.Metadata))
        {
            deny.Insert(0, EgressRule.Metadata);
        }

        return new EgressPolicy(deny, allow);
    }

    private static List<EgressRule> Rules(IConfiguration configuration, string key)
    {
        var rules = new List<EgressRule>();
        if (SettingValues.Text(configuration, key) is not { } text || text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return rules;
        }

        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EgressRule.TryParse(entry, out var rule))
            {
                throw new ServerConfigurationException(
                    $"{key}: '{entry}' is not metadata, loopback, private, an address or a range such as 10.0.0.0/8.");
            }

            rules.Add(rule!);
        }

        return rules;
    }
}
