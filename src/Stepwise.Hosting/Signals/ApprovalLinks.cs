using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Signals;
using Microsoft.Extensions.Configuration;
using Stepwise.Hosting.Secrets;

namespace Stepwise.Hosting.Signals;

/// <summary>
/// Signed approve/reject links. The signature is an HMAC-SHA256 over the organization, the run, the signal and the
/// decision, keyed by a key derived (HKDF) from the master key, which every node of a cluster shares: a link made
/// by one node is good on every other, for that run and that decision only. Links signed with the previous master
/// key keep working during a rotation. A link works once because the wait it answers can be answered once.
/// </summary>
internal sealed class ApprovalLinks : IApprovalLinks
{
    public const string PublicUrlKey = "STEPWISE_PUBLIC_URL";

    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("stepwise approval links v1");

    private readonly byte[] _current;
    private readonly byte[][] _accepted;
    private readonly string _baseUrl;

    public ApprovalLinks(MasterKeyRing keys, IConfiguration configuration)
    {
        _current = Derive(keys.Current);
        _accepted = [_current, .. keys.Previous.Select(Derive)];
        _baseUrl = (configuration[PublicUrlKey] ?? string.Empty).Trim().TrimEnd('/');
    }

    public static IReadOnlyList<string> Decisions { get; } = ["approve", "reject"];

    /// <summary>Null when the configured public address is usable (absolute http or https), else why not.</summary>
    public static string? CheckPublicUrl(string? text) =>
        string.IsNullOrWhiteSpace(text)
        || (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? null
            : $"{PublicUrlKey} must be an absolute http or https address such as https://stepwise.example.com, got '{text}'";

    public JsonObject Create(string orgId, string executionId, string name) => new()
    {
        ["approve_url"] = Url(orgId, executionId, name, "approve"),
        ["reject_url"] = Url(orgId, executionId, name, "reject"),
    };

    public string Url(string orgId, string executionId, string name, string decision) =>
        $"{_baseUrl}/api/v1/executions/{executionId}/signals/{name}/{decision}?token={Sign(_current, orgId, executionId, name, decision)}";

    public bool Verify(string orgId, string executionId, string name, string decision, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return false;
        }

        var given = Encoding.ASCII.GetBytes(token);
        foreach (var key in _accepted)
        {
            if (CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Sign(key, orgId, executionId, name, decision))))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Derive(MasterKey key) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Key, 32, salt: [], info: Purpose);

    private static string Sign(byte[] key, string orgId, string executionId, string name, string decision) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{orgId}\n{executionId}\n{name}\n{decision}")));
}
