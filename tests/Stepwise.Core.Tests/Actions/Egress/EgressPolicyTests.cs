using System.Net;
using Stepwise.Core.Actions.Egress;

namespace Stepwise.Core.Tests.Actions.Egress;

/// <summary>The address classifier alone: no traffic at all.</summary>
public sealed class EgressPolicyTests
{
    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("100.100.100.200")]
    [InlineData("168.63.129.16")]
    [InlineData("192.0.0.192")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:169.254.169.254")]
    public void Default_MetadataAndLinkLocal_AreRefusedByTheMetadataRule(string address)
    {
        Assert.Equal("metadata", EgressPolicy.Default.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("2606:2800:220:1::1")]
    public void Default_LoopbackPrivateAndPublic_AreAllowed(string address)
    {
        Assert.Null(EgressPolicy.Default.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("loopback", "127.0.0.1", "loopback")]
    [InlineData("loopback", "127.8.9.10", "loopback")]
    [InlineData("loopback", "::1", "loopback")]
    [InlineData("loopback", "::ffff:127.0.0.1", "loopback")]
    [InlineData("loopback", "0.0.0.0", "loopback")]
    [InlineData("private", "10.0.0.1", "private")]
    [InlineData("private", "172.20.0.1", "private")]
    [InlineData("private", "192.168.0.10", "private")]
    [InlineData("private", "100.64.1.1", "private")]
    [InlineData("private", "fd12:3456::1", "private")]
    [InlineData("203.0.113.0/24", "203.0.113.9", "203.0.113.0/24")]
    [InlineData("198.51.100.7", "198.51.100.7", "198.51.100.7")]
    public void Deny_NamedRuleOrRange_RefusesNamingTheRule(string rule, string address, string expected)
    {
        Assert.True(EgressRule.TryParse(rule, out var parsed));
        var policy = new EgressPolicy([EgressRule.Metadata, parsed!]);

        Assert.Equal(expected, policy.Refusal(IPAddress.Parse(address)));
    }

    [Fact]
    public void Deny_Private_LeavesPublicAndLoopbackAlone()
    {
        var policy = new EgressPolicy([EgressRule.Metadata, EgressRule.Private]);

        Assert.Null(policy.Refusal(IPAddress.Parse("172.32.0.1")));
        Assert.Null(policy.Refusal(IPAddress.Parse("127.0.0.1")));
        Assert.Null(policy.Refusal(IPAddress.Parse("8.8.8.8")));
    }

    [Fact]
    public void AllowOnly_RefusesEverythingElseAsAllowlist()
    {
        Assert.True(EgressRule.TryParse("10.20.0.0/16", out var allowed));
        var policy = new EgressPolicy([EgressRule.Metadata], [allowed!]);

        Assert.Null(policy.Refusal(IPAddress.Parse("10.20.3.4")));
        Assert.Equal("allowlist", policy.Refusal(IPAddress.Parse("10.21.0.1")));
        Assert.Equal("allowlist", policy.Refusal(IPAddress.Parse("169.254.169.254")));
    }

    [Theory]
    [InlineData("everything")]
    [InlineData("10.0.0.0/99")]
    [InlineData("")]
    public void TryParse_NotARule_Fails(string text)
    {
        Assert.False(EgressRule.TryParse(text, out _));
    }

    [Fact]
    public void RefusedMessage_NamesHostAddressRuleAndSetting()
    {
        Assert.Equal(
            "egress to localhost (127.0.0.1) refused by rule 'loopback' (STEPWISE_EGRESS_DENY)",
            EgressPolicy.RefusedMessage("localhost", IPAddress.Loopback, "loopback"));
        Assert.Equal(
            "egress to api.example.com (10.0.0.1) refused: not in STEPWISE_EGRESS_ALLOW",
            EgressPolicy.RefusedMessage("api.example.com", IPAddress.Parse("10.0.0.1"), "allowlist"));
    }
}
