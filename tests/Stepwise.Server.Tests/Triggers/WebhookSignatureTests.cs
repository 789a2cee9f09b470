using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Stepwise.Core.Definitions;
using Stepwise.Server.Triggers;

namespace Stepwise.Server.Tests.Triggers;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("It's a Secret to Everybody");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static readonly WebhookSignatureScheme GitHub = WebhookSignatureScheme.Preset(WebhookSignatureKind.GitHub, WebhookSignatureScheme.DefaultTolerance);
    private static readonly WebhookSignatureScheme Stripe = WebhookSignatureScheme.Preset(WebhookSignatureKind.Stripe, WebhookSignatureScheme.DefaultTolerance);
    private static readonly WebhookSignatureScheme Slack = WebhookSignatureScheme.Preset(WebhookSignatureKind.Slack, WebhookSignatureScheme.DefaultTolerance);

    [Theory]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17")]
    [InlineData("SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("  sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17  ")]
    public void Verify_GitHubsDocumentedExample_IsValid(string header)
    {
        // The test vector of GitHub's "Validating webhook deliveries" page.
        Assert.Equal(SignatureCheck.Valid, Check(GitHub, Body, ("X-Hub-Signature-256", header)));
        Assert.Equal(SignatureCheck.Valid, Check(WebhookSignatureScheme.Default, Body, ("X-Signature", header)));
    }

    [Theory]
    [InlineData("sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Verify_WrongHmac_IsMismatch(string header)
    {
        Assert.Equal(SignatureCheck.Mismatch, Check(GitHub, Body, ("X-Hub-Signature-256", header)));
    }

    [Fact]
    public void Verify_OtherBodyOrKey_IsMismatch()
    {
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, Body));

        Assert.Equal(SignatureCheck.Mismatch, Check(GitHub, "Hello, World?"u8.ToArray(), ("X-Hub-Signature-256", signature)));
        Assert.Equal(SignatureCheck.Mismatch, Verify(GitHub, "another key"u8.ToArray(), Body, ("X-Hub-Signature-256", signature)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Verify_NoHeader_IsMissing(string? header)
    {
        Assert.Equal(SignatureCheck.Missing, Check(GitHub, Body, header is null ? [] : [("X-Hub-Signature-256", header)]));
    }

    [Theory]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d")]
    [InlineData("sha256=")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1700")]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a 7570b6d7586c22c46f4379c8b043e17")]
    [InlineData("Bearer 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void Verify_NotSha256Hex_IsMalformed(string header)
    {
        Assert.Equal(SignatureCheck.Malformed, Check(GitHub, Body, ("X-Hub-Signature-256", header)));
    }

    [Fact]
    public void Verify_TwoHeaders_IsMalformedEvenIfOneIsRight()
    {
        var right = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, Body));

        Assert.Equal(SignatureCheck.Malformed, Check(GitHub, Body, ("X-Hub-Signature-256", right), ("X-Hub-Signature-256", right)));
    }

    [Fact]
    public void Verify_EmptyBody_SignsTheEmptyString()
    {
        var header = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, Array.Empty<byte>()));

        Assert.Equal(SignatureCheck.Valid, Check(GitHub, [], ("X-Hub-Signature-256", header)));
    }

    [Theory]
    [InlineData("sha1", "hex", "")]
    [InlineData("sha512", "hex", "sha512=")]
    [InlineData("sha256", "base64", "")]
    [InlineData("sha512", "base64", "hmac ")]
    public void Verify_GenericHmac_EachAlgorithmAndEncoding_IsValidAndRefusesAnotherBody(string algorithm, string encoding, string prefix)
    {
        var scheme = new WebhookSignatureScheme(WebhookSignatureKind.Hmac, "X-Shopify-Hmac-Sha256", prefix, algorithm, encoding, TimeSpan.Zero);
        var digest = algorithm switch
        {
            "sha1" => HMACSHA1.HashData(Key, Body),
            "sha512" => HMACSHA512.HashData(Key, Body),
            _ => HMACSHA256.HashData(Key, Body),
        };
        var header = prefix + (encoding == "hex" ? Convert.ToHexStringLower(digest) : Convert.ToBase64String(digest));

        Assert.Equal(SignatureCheck.Valid, Check(scheme, Body, ("X-Shopify-Hmac-Sha256", header)));
        Assert.Equal(SignatureCheck.Mismatch, Check(scheme, "other"u8.ToArray(), ("X-Shopify-Hmac-Sha256", header)));
        Assert.Equal(SignatureCheck.Malformed, Check(scheme, Body, ("X-Shopify-Hmac-Sha256", header[..^4])));
    }

    [Fact]
    public void Verify_SlacksDocumentedExample_IsValidWithinFiveMinutesOnly()
    {
        // The example of Slack's "Verifying requests from Slack" page: a slash command signed at 1531420618.
        var secret = Encoding.UTF8.GetBytes("8f742231b10e8888abcd99yyyzzz85a5");
        var body = Encoding.UTF8.GetBytes(
            "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
            + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
            + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);
        (string, string)[] headers =
        [
            ("X-Slack-Request-Timestamp", "1531420618"),
            ("X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"),
        ];

        Assert.Equal(SignatureCheck.Valid, Verify(Slack, secret, body, signedAt.AddMinutes(4), headers));
        Assert.Equal(SignatureCheck.Expired, Verify(Slack, secret, body, signedAt.AddMinutes(6), headers));
        Assert.Equal(SignatureCheck.Expired, Verify(Slack, secret, body, signedAt.AddMinutes(-6), headers));
        Assert.Equal(SignatureCheck.Mismatch, Verify(Slack, secret, body, signedAt, ("X-Slack-Request-Timestamp", "1531420619"), headers[1]));
        Assert.Equal(SignatureCheck.Missing, Verify(Slack, secret, body, signedAt, headers[1]));
        Assert.Equal(SignatureCheck.Malformed, Verify(Slack, secret, body, signedAt, ("X-Slack-Request-Timestamp", "yesterday"), headers[1]));
    }

    [Fact]
    public void Verify_StripeSignature_ChecksTheTimestampAndAnyV1()
    {
        var secret = "whsec_test_secret"u8.ToArray();
        var body = """{"id":"evt_1","type":"charge.succeeded"}"""u8.ToArray();
        var t = Now.ToUnixTimeSeconds();
        var good = StripeV1(secret, t, body);
        var other = StripeV1("whsec_old_secret"u8.ToArray(), t, body);

        Assert.Equal(SignatureCheck.Valid, Verify(Stripe, secret, body, Now, ("Stripe-Signature", $"t={t},v1={good},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39")));
        Assert.Equal(SignatureCheck.Valid, Verify(Stripe, secret, body, Now, ("Stripe-Signature", $"t={t},v1={other},v1={good}")));
        Assert.Equal(SignatureCheck.Mismatch, Verify(Stripe, secret, body, Now, ("Stripe-Signature", $"t={t},v1={other}")));
        Assert.Equal(SignatureCheck.Mismatch, Verify(Stripe, secret, body, Now, ("Stripe-Signature", $"t={t + 1},v1={good}")));
        Assert.Equal(SignatureCheck.Expired, Verify(Stripe, secret, body, Now.AddMinutes(10), ("Stripe-Signature", $"t={t},v1={good}")));
        Assert.Equal(SignatureCheck.Malformed, Verify(Stripe, secret, body, Now, ("Stripe-Signature", $"v1={good}")));
        Assert.Equal(SignatureCheck.Malformed, Verify(Stripe, secret, body, Now, ("Stripe-Signature", $"t={t}")));
        Assert.Equal(SignatureCheck.Missing, Verify(Stripe, secret, body, Now));
    }

    [Fact]
    public void Describe_EachScheme_NamesItsHeaderAndNeverTheExpectedValue()
    {
        Assert.Equal("the X-Hub-Signature-256 header is missing", WebhookSignature.Describe(GitHub, SignatureCheck.Missing));
        Assert.Equal("the X-Signature header is not 'sha256=' followed by 64 hex digits", WebhookSignature.Describe(WebhookSignatureScheme.Default, SignatureCheck.Malformed));
        Assert.Equal(
            "the signed timestamp is more than 5m away from the server's clock (a replayed or delayed request)",
            WebhookSignature.Describe(Stripe, SignatureCheck.Expired));
        Assert.Equal("the X-Slack-Signature or X-Slack-Request-Timestamp header is missing", WebhookSignature.Describe(Slack, SignatureCheck.Missing));
    }

    private static string StripeV1(byte[] secret, long t, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{t}.").Concat(body).ToArray()));

    private static SignatureCheck Check(WebhookSignatureScheme scheme, byte[] body, params (string Name, string Value)[] headers) =>
        Verify(scheme, Key, body, Now, headers);

    private static SignatureCheck Verify(WebhookSignatureScheme scheme, byte[] key, byte[] body, params (string Name, string Value)[] headers) =>
        Verify(scheme, key, body, Now, headers);

    private static SignatureCheck Verify(
        WebhookSignatureScheme scheme, byte[] key, byte[] body, DateTimeOffset now, params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return WebhookSignature.Verify(scheme, dictionary, key, body, now);
    }
}
