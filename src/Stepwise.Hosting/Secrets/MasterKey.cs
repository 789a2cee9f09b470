using System.Security.Cryptography;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// One AES-256 key that seals organization secrets. Its id (the first 8 bytes of the SHA-256 of the key, in hex) is
/// written into every value it seals, so a value names the key that opens it without revealing anything of it.
/// </summary>
internal sealed class MasterKey
{
    public const int Length = 32;

    private MasterKey(byte[] key)
    {
        Key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    public string Id { get; }

    public byte[] Key { get; }

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>A key from its base64 text, or null with the reason (never echoing the text).</summary>
    public static MasterKey? Parse(string text, out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            problem = "is not base64 text";
            return null;
        }

        if (bytes.Length != Length)
        {
            problem = $"decodes to {bytes.Length} bytes, not {Length}";
            return null;
        }

        return new MasterKey(bytes);
    }

    public string ToBase64() => Convert.ToBase64String(Key);
}
