using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Tenancy;

/// <summary>
/// At every start: makes sure organization <c>default</c> exists, then the bootstrap platform-admin key. With
/// STEPWISE_ADMIN_KEY that key is registered (replacing one registered from an earlier value); without it, the very
/// first start generates a key, stores only its hash and prints it once.
/// </summary>
internal sealed class TenancyBootstrap(
    StoreHost store, ServerOptions options, TimeProvider time, ILogger<TenancyBootstrap> logger, TextWriter console)
{
    public const string DefaultOrgId = "default";
    public const string EnvironmentKeyName = "bootstrap admin (STEPWISE_ADMIN_KEY)";
    public const string GeneratedKeyName = "bootstrap admin (generated)";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var organizations = store.Storage.Organizations;
        var keys = store.Storage.ApiKeys;
        var now = time.GetUtcNow();
        if (await organizations.EnsureAsync(new OrganizationRecord(DefaultOrgId, "Default", true, now), cancellationToken))
        {
            Log.DefaultOrgCreated(logger);
        }

        var existing = await keys.ListAsync(cancellationToken: cancellationToken);
        if (options.AdminKey is { } adminKey)
        {
            await RegisterEnvironmentKeyAsync(keys, existing, adminKey, now, cancellationToken);
            InitialAdminKeyFile.DeleteIfSuperseded(
                options.DataDirectory, await keys.ListAsync(cancellationToken: cancellationToken));
            return;
        }

        if (existing.Any(key => key.IsPlatformAdmin))
        {
            InitialAdminKeyFile.DeleteIfSuperseded(options.DataDirectory, existing);
            return;
        }

        var (secret, hash, prefix) = ApiKeySecrets.Generate();
        await keys.CreateAsync(
            new ApiKeyRecord(ApiKeySecrets.NewId(), DefaultOrgId, GeneratedKeyName, ApiKeyRole.Admin, true, hash, prefix, now, null),
            cancellationToken);

        // Framed, on stderr, apart from the log lines; and in a file, so a start that fails later (port taken) does
        // not lose the only key.
        var file = InitialAdminKeyFile.PathIn(options.DataDirectory);
        InitialAdminKeyFile.Write(options.DataDirectory, secret);
        await console.WriteAsync(InitialAdminKeyFile.Frame(secret, file));
        await console.FlushAsync(cancellationToken);
    }

    private async Task RegisterEnvironmentKeyAsync(
        IApiKeyStore keys, IReadOnlyList<ApiKeyRecord> existing, string adminKey, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (adminKey.Length < 32)
        {
            Log.ShortAdminKey(logger, adminKey.Length);
        }

        var hash = ApiKeySecrets.Hash(adminKey);
        foreach (var previous in existing.Where(k => k.Name == EnvironmentKeyName && !k.IsRevoked && k.KeyHash != hash))
        {
            await keys.RevokeAsync(previous.Id, now, cancellationToken);
        }

        if (existing.All(k => k.KeyHash != hash))
        {
            try
            {
                await keys.CreateAsync(
                    new ApiKeyRecord(
                        ApiKeySecrets.NewId(), DefaultOrgId, EnvironmentKeyName, ApiKeyRole.Admin, true, hash,
                        ApiKeySecrets.PrefixOf(adminKey), now, null),
                    cancellationToken);
            }
            catch (StorageConflictException)
            {
                // Another node sharing the database registered the same key as both started: it is there.
            }
        }
    }
}
