namespace Stepwise.Core.Definitions;

/// <summary>How a webhook's sender signs its requests (the <c>signature</c> field of a webhook trigger).</summary>
public enum WebhookSignatureKind
{
    /// <summary>An HMAC of the raw body in one header, with a prefix, as hex or base64 (GitHub, Shopify, most senders).</summary>
    Hmac,

    /// <summary>GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>.</summary>
    GitHub,

    /// <summary>Stripe: <c>Stripe-Signature: t=&lt;unix time&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>, within a tolerance.</summary>
    Stripe,

    /// <summary>Slack: <c>X-Slack-Signature: v0=&lt;hex HMAC-SHA256 of "v0:ts:body"&gt;</c> with <c>X-Slack-Request-Timestamp</c>.</summary>
    Slack,
}

/// <summary>
/// The signature scheme of a webhook trigger. <see cref="Header"/>, <see cref="Prefix"/>, <see cref="Algorithm"/>
/// and <see cref="Encoding"/> matter for <see cref="WebhookSignatureKind.Hmac"/> (the presets fill them for the
/// others); <see cref="Tolerance"/> is how far a signed timestamp may be from the server's clock (Stripe, Slack).
/// </summary>
public sealed record WebhookSignatureScheme(
    WebhookSignatureKind Kind, string Header, string Prefix, string Algorithm, string Encoding, TimeSpan Tolerance)
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>What a trigger with a <c>secret</c> and no <c>signature</c> uses: <c>X-Signature: sha256=&lt;hex&gt;</c>.</summary>
    public static readonly WebhookSignatureScheme Default = new(WebhookSignatureKind.Hmac, "X-Signature", "sha256=", "sha256", "hex", DefaultTolerance);

    public static readonly IReadOnlyList<string> KindNames = ["hmac", "github", "stripe", "slack"];

    public static readonly IReadOnlyList<string> Algorithms = ["sha1", "sha256", "sha512"];

    public static readonly IReadOnlyList<string> Encodings = ["hex", "base64"];

    /// <summary>The scheme named by <paramref name="kind"/> with its sender's fixed header and format.</summary>
    public static WebhookSignatureScheme Preset(WebhookSignatureKind kind, TimeSpan tolerance) => kind switch
    {
        WebhookSignatureKind.GitHub => new(kind, "X-Hub-Signature-256", "sha256=", "sha256", "hex", tolerance),
        WebhookSignatureKind.Stripe => new(kind, "Stripe-Signature", "v1=", "sha256", "hex", tolerance),
        WebhookSignatureKind.Slack => new(kind, "X-Slack-Signature", "v0=", "sha256", "hex", tolerance),
        _ => Default with { Tolerance = tolerance },
    };

    public static string Name(WebhookSignatureKind kind) => KindNames[(int)kind];
}
