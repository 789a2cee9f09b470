using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Stepwise.Server.Triggers;

namespace Stepwise.Server.Tests.Triggers;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("It's a Secret to Everybody");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void Sign_GitHubsDocumentedExample_GivesItsSignature()
    {
        // The test vector of GitHub's "Validating webhook deliveries" page.
        Assert.Equal(
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            WebhookSignature.Sign(Key, Body));
    }

    [Theory]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17")]
    [InlineData("SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("  sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17  ")]
    public void Verify_RightSignature_IsValid(string header)
    {
        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(header, Key, Body));
    }

    [Theory]
    [InlineData("sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Verify_WrongSignature_IsMismatch(string header)
    {
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(header, Key, Body));
    }

    [Fact]
    public void Verify_OtherBodyOrKey_IsMismatch()
    {
        var signature = WebhookSignature.Sign(Key, Body);

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(signature, Key, "Hello, World?"u8));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(signature, "another key"u8, Body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Verify_NoHeader_IsMissing(string? header)
    {
        Assert.Equal(SignatureCheck.Missing, WebhookSignature.Verify(header is null ? StringValues.Empty : new StringValues(header), Key, Body));
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
        Assert.Equal(SignatureCheck.Malformed, WebhookSignature.Verify(header, Key, Body));
    }

    [Fact]
    public void Verify_TwoHeaders_IsMalformedEvenIfOneIsRight()
    {
        var right = WebhookSignature.Sign(Key, Body);

        Assert.Equal(SignatureCheck.Malformed, WebhookSignature.Verify(new StringValues([right, right]), Key, Body));
    }

    [Fact]
    public void Verify_EmptyBody_SignsTheEmptyString()
    {
        var header = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, Array.Empty<byte>()));

        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(header, Key, []));
    }
}
