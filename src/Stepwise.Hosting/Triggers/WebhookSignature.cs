using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;

namespace Stepwise.Hosting.Triggers;

/// <summary>
/// <c>X-Signature: sha256=&lt;hex&gt;</c>: the HMAC-SHA256 of the raw request body under the webhook's secret, as
/// GitHub and most senders compute it. The hex digits may be upper or lower case. The comparison takes the same time
/// wherever the first differing byte is, so timing does not reveal how much of a guess was right.
/// </summary>
internal static class WebhookSignature
{
    public const string HeaderName = "X-Signature";
    public const string Scheme = "sha256=";

    private const int HashBytes = 32;

    public static SignatureCheck Verify(StringValues header, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body)
    {
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0]))
        {
            return SignatureCheck.Missing;
        }

        var text = header.Count == 1 ? header[0].AsSpan().Trim() : [];
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureCheck.Malformed;
        }

        var hex = text[Scheme.Length..];
        Span<byte> presented = stackalloc byte[HashBytes];
        if (hex.Length != HashBytes * 2
            || Convert.FromHexString(hex, presented, out _, out var written) != OperationStatus.Done
            || written != HashBytes)
        {
            return SignatureCheck.Malformed;
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        HMACSHA256.HashData(key, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The header value a sender computes: <c>sha256=</c> and the lower-case hex HMAC.</summary>
    public static string Sign(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body) =>
        Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    public static string Describe(SignatureCheck check) => check switch
    {
        SignatureCheck.Missing => $"the {HeaderName} header is missing",
        SignatureCheck.Malformed => $"the {HeaderName} header is not '{Scheme}' followed by 64 hex digits",
        _ => "the signature does not match the body",
    };
}
