using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Stepwise.Core.Definitions;

namespace Stepwise.Server.Triggers;

/// <summary>
/// Checks a webhook request against its trigger's <see cref="WebhookSignatureScheme"/>: a generic HMAC of the raw
/// body in one header (GitHub's <c>X-Hub-Signature-256</c> is its preset), Stripe's <c>Stripe-Signature</c> and
/// Slack's <c>X-Slack-Signature</c>, which also sign a timestamp that must be within the scheme's tolerance so an
/// old request cannot be replayed. Hex digits may be upper or lower case. Every comparison takes the same time
/// wherever the first differing byte is (<see cref="CryptographicOperations.FixedTimeEquals"/>), so timing does not
/// reveal how much of a guess was right.
/// </summary>
internal static class WebhookSignature
{
    public const string SlackTimestampHeader = "X-Slack-Request-Timestamp";

    private const int MaxHashBytes = 64;

    public static SignatureCheck Verify(
        WebhookSignatureScheme scheme, IHeaderDictionary headers, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        scheme.Kind switch
        {
            WebhookSignatureKind.Stripe => VerifyStripe(scheme, headers[scheme.Header], key, body, now),
            WebhookSignatureKind.Slack => VerifySlack(scheme, headers[scheme.Header], headers[SlackTimestampHeader], key, body, now),
            _ => VerifyHmac(scheme, headers[scheme.Header], key, body),
        };

    /// <summary>Why a request was refused, for <c>details.reason</c> and the log; never the expected signature.</summary>
    public static string Describe(WebhookSignatureScheme scheme, SignatureCheck check) => (check, scheme.Kind) switch
    {
        (SignatureCheck.Missing, WebhookSignatureKind.Slack) => $"the {scheme.Header} or {SlackTimestampHeader} header is missing",
        (SignatureCheck.Missing, _) => $"the {scheme.Header} header is missing",
        (SignatureCheck.Malformed, WebhookSignatureKind.Stripe) => $"the {scheme.Header} header is not t=<unix time>,v1=<64 hex digits>",
        (SignatureCheck.Malformed, WebhookSignatureKind.Slack) =>
            $"the {scheme.Header} header is not 'v0=' followed by 64 hex digits, or {SlackTimestampHeader} is not a Unix time",
        (SignatureCheck.Malformed, _) => $"the {scheme.Header} header is not '{scheme.Prefix}' followed by {DigestText(scheme)}",
        (SignatureCheck.Expired, _) =>
            $"the signed timestamp is more than {Duration.Format(scheme.Tolerance)} away from the server's clock (a replayed or delayed request)",
        _ => "the signature does not match the body",
    };

    /// <summary>How to sign a request for this scheme, for the error's <c>details.hint</c>.</summary>
    public static string Hint(WebhookSignatureScheme scheme) => scheme.Kind switch
    {
        WebhookSignatureKind.Stripe =>
            $"Send {scheme.Header}: t=<unix time>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" under the webhook's secret>.",
        WebhookSignatureKind.Slack =>
            $"Send {SlackTimestampHeader}: <unix time> and {scheme.Header}: v0=<hex HMAC-SHA256 of \"v0:<timestamp>:<raw body>\" under the signing secret>.",
        _ => $"Send {scheme.Header}: {scheme.Prefix}<{scheme.Encoding} HMAC-{scheme.Algorithm.ToUpperInvariant()} of the raw body under the webhook's secret>.",
    };

    private static SignatureCheck VerifyHmac(WebhookSignatureScheme scheme, StringValues header, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body)
    {
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0]))
        {
            return SignatureCheck.Missing;
        }

        var text = header.Count == 1 ? header[0].AsSpan().Trim() : [];
        if (!text.StartsWith(scheme.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureCheck.Malformed;
        }

        var size = HashSize(scheme.Algorithm);
        Span<byte> presented = stackalloc byte[MaxHashBytes];
        if (!TryDecode(text[scheme.Prefix.Length..], scheme.Encoding, presented[..size]))
        {
            return SignatureCheck.Malformed;
        }

        Span<byte> expected = stackalloc byte[MaxHashBytes];
        Hmac(scheme.Algorithm, key, [], body, expected[..size]);
        return CryptographicOperations.FixedTimeEquals(expected[..size], presented[..size]) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>
    /// <c>t=1492774577,v1=5257a869...,v0=...</c>: the HMAC-SHA256 of <c>"{t}.{body}"</c>. Several <c>v1</c> may come
    /// (Stripe sends one per active secret while a secret is being rolled); one matching is enough.
    /// </summary>
    private static SignatureCheck VerifyStripe(
        WebhookSignatureScheme scheme, StringValues header, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0]))
        {
            return SignatureCheck.Missing;
        }

        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in string.Join(',', header.ToArray()).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return SignatureCheck.Malformed;
            }

            switch (part[..equals])
            {
                case "t":
                    timestamp = part[(equals + 1)..];
                    break;
                case "v1":
                    signatures.Add(part[(equals + 1)..]);
                    break;
            }
        }

        if (timestamp is null || signatures.Count == 0 || !TryParseUnixTime(timestamp, out var signedAt))
        {
            return SignatureCheck.Malformed;
        }

        return VerifyTimestamped(scheme, timestamp + ".", signatures, signedAt, key, body, now);
    }

    /// <summary><c>X-Slack-Signature: v0=&lt;hex&gt;</c> over <c>"v0:{X-Slack-Request-Timestamp}:{body}"</c>.</summary>
    private static SignatureCheck VerifySlack(
        WebhookSignatureScheme scheme, StringValues header, StringValues timestampHeader, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0]) || timestampHeader.Count == 0 || string.IsNullOrWhiteSpace(timestampHeader[0]))
        {
            return SignatureCheck.Missing;
        }

        var timestamp = timestampHeader.Count == 1 ? timestampHeader[0]!.Trim() : string.Empty;
        var text = header.Count == 1 ? header[0]!.Trim() : string.Empty;
        if (!TryParseUnixTime(timestamp, out var signedAt) || !text.StartsWith(scheme.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureCheck.Malformed;
        }

        return VerifyTimestamped(scheme, $"v0:{timestamp}:", [text[scheme.Prefix.Length..]], signedAt, key, body, now);
    }

    private static SignatureCheck VerifyTimestamped(
        WebhookSignatureScheme scheme, string signedPrefix, List<string> signatures, DateTimeOffset signedAt,
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        Span<byte> presented = stackalloc byte[32];
        var decoded = new List<byte[]>(signatures.Count);
        foreach (var signature in signatures)
        {
            if (TryDecode(signature, "hex", presented))
            {
                decoded.Add(presented.ToArray());
            }
        }

        if (decoded.Count == 0)
        {
            return SignatureCheck.Malformed;
        }

        // The timestamp is checked after the format, before the HMAC: an old request is refused whatever it carries.
        if ((now - signedAt).Duration() > scheme.Tolerance)
        {
            return SignatureCheck.Expired;
        }

        Span<byte> expected = stackalloc byte[32];
        Hmac("sha256", key, Encoding.UTF8.GetBytes(signedPrefix), body, expected);
        var match = false;
        foreach (var candidate in decoded)
        {
            match |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }

        return match ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private static bool TryParseUnixTime(string text, out DateTimeOffset at)
    {
        at = default;
        if (text.Length is 0 or > 12 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static bool TryDecode(ReadOnlySpan<char> text, string encoding, Span<byte> into)
    {
        if (encoding == "base64")
        {
            return Convert.TryFromBase64Chars(text, into, out var length) && length == into.Length;
        }

        return text.Length == into.Length * 2
            && Convert.FromHexString(text, into, out _, out var written) == OperationStatus.Done
            && written == into.Length;
    }

    private static void Hmac(string algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, Span<byte> into)
    {
        var name = algorithm switch
        {
            "sha1" => HashAlgorithmName.SHA1,
            "sha512" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        using var hmac = IncrementalHash.CreateHMAC(name, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        hmac.GetHashAndReset(into);
    }

    private static int HashSize(string algorithm) => algorithm switch
    {
        "sha1" => 20,
        "sha512" => 64,
        _ => 32,
    };

    private static string DigestText(WebhookSignatureScheme scheme)
    {
        var size = HashSize(scheme.Algorithm);
        return scheme.Encoding == "base64" ? $"the base64 of {size} bytes" : $"{size * 2} hex digits";
    }
}
