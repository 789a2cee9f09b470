using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// Re-encrypts every sealed value of every organization (secrets, OAuth client secrets and tokens) under the
/// current master key of <see cref="SecretCipher"/>. Values already under that key are left alone, so running it
/// again after an interruption finishes the job. A value changed meanwhile by the server is skipped: it was sealed
/// under the current key by whoever changed it.
/// </summary>
internal sealed class SecretRotation(ISecretStore secrets, IOAuthConnectionStore connections, SecretCipher cipher)
{
    public async Task<RotationReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var current = cipher.Keys.Current.Id;
        var resealed = 0;
        var alreadyCurrent = 0;
        var failures = new List<string>();
        foreach (var secret in await secrets.ListAllAsync(cancellationToken))
        {
            if (SecretCipher.KeyIdOf(secret.SealedValue) == current)
            {
                alreadyCurrent++;
                continue;
            }

            try
            {
                var data = SecretCipher.AssociatedData(SealPurposes.Secret, secret.OrgId, secret.Name);
                if (await secrets.ResealAsync(secret.OrgId, secret.Name, secret.SealedValue, cipher.Reseal(secret.SealedValue, data), cancellationToken))
                {
                    resealed++;
                }
            }
            catch (SealedValueException exception)
            {
                failures.Add(exception.Message);
            }
        }

        foreach (var connection in await connections.ListAllAsync(cancellationToken))
        {
            byte[]?[] values = [connection.ClientSecret, connection.AccessToken, connection.RefreshToken];
            var stale = values.Count(v => v is not null && SecretCipher.KeyIdOf(v) != current);
            alreadyCurrent += values.Count(v => v is not null) - stale;
            if (stale == 0)
            {
                continue;
            }

            try
            {
                var clientSecret = Reseal(connection.ClientSecret, SealPurposes.OAuthClientSecret, connection);
                var access = Reseal(connection.AccessToken, SealPurposes.OAuthAccessToken, connection);
                var refresh = Reseal(connection.RefreshToken, SealPurposes.OAuthRefreshToken, connection);
                if (await connections.ResealAsync(connection, clientSecret, access, refresh, cancellationToken))
                {
                    resealed += stale;
                }
            }
            catch (SealedValueException exception)
            {
                failures.Add(exception.Message);
            }
        }

        return new RotationReport(current, resealed, alreadyCurrent, failures);
    }

    private byte[]? Reseal(byte[]? sealedValue, string purpose, OAuthConnectionRecord connection) =>
        sealedValue is null || SecretCipher.KeyIdOf(sealedValue) == cipher.Keys.Current.Id
            ? sealedValue
            : cipher.Reseal(sealedValue, SecretCipher.AssociatedData(purpose, connection.OrgId, connection.Name));
}
