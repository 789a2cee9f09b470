using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// Seals values with AES-256-GCM under the current master key. A sealed value is
/// <c>1 | key id length | key id | 12-byte nonce | 16-byte tag | ciphertext</c>: a fresh random nonce per value, and
/// the row it belongs to (purpose, organization, name) as associated data, so a ciphertext copied into another row
/// (or another organization) fails to open instead of giving away its plaintext there.
/// </summary>
internal sealed class SecretCipher(MasterKeyRing keys)
{
    private const byte FormatVersion = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public MasterKeyRing Keys => keys;

    public static string AssociatedData(string purpose, string orgId, string name) => $"stepwise/{purpose}/{orgId}/{name}";

    public byte[] Seal(string plaintext, string associatedData) => Seal(plaintext, associatedData, keys.Current);

    public string Open(byte[] sealedValue, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        var keyId = KeyIdOf(sealedValue)
            ?? throw new SealedValueException($"The stored value of {Describe(associatedData)} is not a sealed value.");
        var key = keys.Find(keyId)
            ?? throw new SealedValueException(
                $"The stored value of {Describe(associatedData)} was sealed with master key {keyId}, which is not configured " +
                $"({keys.Source} holds {keys.Current.Id}); restore that key or finish the rotation with it.");
        var offset = 2 + keyId.Length;
        var nonce = sealedValue.AsSpan(offset, NonceLength);
        var tag = sealedValue.AsSpan(offset + NonceLength, TagLength);
        var ciphertext = sealedValue.AsSpan(offset + NonceLength + TagLength);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key.Key, TagLength);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SealedValueException(
                $"The stored value of {Describe(associatedData)} failed its integrity check: it was altered or moved from another row.");
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>The id of the key that sealed the value, or null when it is not a sealed value.</summary>
    public static string? KeyIdOf(byte[] sealedValue)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        if (sealedValue.Length < 2 || sealedValue[0] != FormatVersion)
        {
            return null;
        }

        var idLength = sealedValue[1];
        return sealedValue.Length < 2 + idLength + NonceLength + TagLength
            ? null
            : Encoding.ASCII.GetString(sealedValue, 2, idLength);
    }

    /// <summary>Opens a value with whichever known key sealed it and seals it again under the current key.</summary>
    public byte[] Reseal(byte[] sealedValue, string associatedData) => Seal(Open(sealedValue, associatedData), associatedData);

    private static byte[] Seal(string plaintext, string associatedData, MasterKey key)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var id = Encoding.ASCII.GetBytes(key.Id);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[2 + id.Length + NonceLength + TagLength + data.Length];
        sealedValue[0] = FormatVersion;
        sealedValue[1] = checked((byte)id.Length);
        id.CopyTo(sealedValue, 2);
        var offset = 2 + id.Length;
        var nonce = sealedValue.AsSpan(offset, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Key, TagLength);
        aes.Encrypt(
            nonce,
            data,
            sealedValue.AsSpan(offset + NonceLength + TagLength),
            sealedValue.AsSpan(offset + NonceLength, TagLength),
            Encoding.UTF8.GetBytes(associatedData));
        CryptographicOperations.ZeroMemory(data);
        return sealedValue;
    }

    private static string Describe(string associatedData)
    {
        var parts = associatedData.Split('/');
        return parts.Length == 4 ? $"{parts[1]} '{parts[3]}' of organization '{parts[2]}'" : "a row";
    }
}
