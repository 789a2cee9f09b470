using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// <c>secrets.x</c> of one run: the organization's sealed secrets, each opened the first time an expression reads
/// it. A value that cannot be opened (altered, or its key is gone) reads as missing and is logged by name only.
/// </summary>
internal sealed class SecretLookup(IReadOnlyList<SecretRecord> secrets, SecretCipher cipher, ILogger logger) : IValueLookup
{
    private readonly Dictionary<string, SecretRecord> _byName = secrets.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public bool TryGet(string name, out JsonNode? value)
    {
        value = null;
        if (!_byName.TryGetValue(name, out var secret))
        {
            return false;
        }

        try
        {
            value = JsonValue.Create(cipher.Open(
                secret.SealedValue, SecretCipher.AssociatedData(SealPurposes.Secret, secret.OrgId, secret.Name)));
            return true;
        }
        catch (SealedValueException exception)
        {
            Log.SecretUnreadable(logger, secret.OrgId, secret.Name, exception.Message);
            return false;
        }
    }
}
