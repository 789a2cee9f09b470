using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Stepwise.Storage;

namespace Stepwise.Cli.Seeding;

/// <summary>
/// The demo and test data of <c>stepwise seed</c>: the organizations the troubleshooting guides use
/// (<c>test-org-active</c>, <c>test-org-demo</c>, and <c>test-org-inactive</c>, which stays inactive so its 403 can
/// be tried), an API key per role that matters, configuration and a secret (random, sealed like every secret) for
/// workflows to read, and the example workflows in each active organization. Idempotent: what exists is left as it
/// is (and reported), so a second run changes nothing and shows no key again.
/// </summary>
internal sealed class DemoSeed(StepwiseStorage storage, SecretCipher cipher, TimeProvider time)
{
    public const string DemoSecret = "demo_api_token";

    public const string ActiveOrg = "test-org-active";
    public const string DemoOrg = "test-org-demo";
    public const string InactiveOrg = "test-org-inactive";

    private static readonly (string OrgId, string Name, bool IsActive)[] Organizations =
    [
        (ActiveOrg, "Test organization (active)", true),
        (DemoOrg, "Demo organization", true),
        (InactiveOrg, "Test organization (inactive)", false),
    ];

    private static readonly (string Key, JsonNode Value)[] Configuration =
    [
        ("environment", JsonValue.Create("demo")),
        ("api_base_url", JsonValue.Create("https://api.example.com")),
        ("max_batch_size", JsonValue.Create(50)),
    ];

    private static readonly (string OrgId, ApiKeyRole Role)[] Keys =
    [
        (ActiveOrg, ApiKeyRole.Admin),
        (ActiveOrg, ApiKeyRole.Operator),
        (ActiveOrg, ApiKeyRole.Viewer),
        (DemoOrg, ApiKeyRole.Admin),
        (InactiveOrg, ApiKeyRole.Admin),
    ];

    /// <summary>Makes sure everything exists; throws <see cref="SeedException"/> when an example does not validate.</summary>
    public async Task<IReadOnlyList<SeedItem>> RunAsync(CancellationToken cancellationToken)
    {
        var examples = ValidatedExamples();
        var items = new List<SeedItem>();
        foreach (var (orgId, name, isActive) in Organizations)
        {
            var created = await storage.Organizations.EnsureAsync(
                new OrganizationRecord(orgId, name, true, time.GetUtcNow()), cancellationToken);
            await storage.Organizations.SetActiveAsync(orgId, isActive, cancellationToken);
            items.Add(new SeedItem("organization", orgId, orgId, created, isActive ? "active" : "inactive"));
        }

        foreach (var (orgId, role) in Keys)
        {
            items.Add(await EnsureKeyAsync(orgId, role, cancellationToken));
        }

        foreach (var orgId in Organizations.Where(o => o.IsActive).Select(o => o.OrgId))
        {
            foreach (var (key, value) in Configuration)
            {
                items.Add(await EnsureConfigAsync(orgId, key, value, cancellationToken));
            }

            items.Add(await EnsureSecretAsync(orgId, cancellationToken));
            foreach (var (name, source) in examples)
            {
                var deployment = await storage.WorkflowDirectory.DeployAsync(orgId, name, source, cancellationToken);
                items.Add(new SeedItem("workflow", orgId, name, deployment.Created, $"version {deployment.Version.Version}"));
            }
        }

        return items;
    }

    private static List<(string Name, string Source)> ValidatedExamples()
    {
        var sources = ExampleWorkflows.Load();
        var set = WorkflowSet.FromSources(sources.Select(s => (s.FileName, s.Source)), BuiltInActions.CreateRegistry());
        var examples = new List<(string Name, string Source)>(sources.Count);
        foreach (var (fileName, source) in sources)
        {
            var result = set.Load(source, fileName);
            if (!result.Succeeded)
            {
                throw new SeedException(
                    $"the example {fileName} does not validate: {string.Join("; ", result.Diagnostics.Select(d => d.ToString()))}");
            }

            examples.Add((result.Definition!.Name, source));
        }

        return examples;
    }

    private async Task<SeedItem> EnsureConfigAsync(string orgId, string key, JsonNode value, CancellationToken cancellationToken)
    {
        if (await storage.Config.GetAsync(orgId, key, cancellationToken) is not null)
        {
            return new SeedItem("config", orgId, key, false);
        }

        await storage.Config.PutAsync(orgId, key, value.DeepClone(), time.GetUtcNow(), cancellationToken);
        return new SeedItem("config", orgId, key, true, value.ToJsonString());
    }

    private async Task<SeedItem> EnsureSecretAsync(string orgId, CancellationToken cancellationToken)
    {
        if (await storage.Secrets.GetAsync(orgId, DemoSecret, cancellationToken) is not null)
        {
            return new SeedItem("secret", orgId, DemoSecret, false);
        }

        // A random value: the demo shows that workflows read it and that it never shows up, not what it is.
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var sealedValue = cipher.Seal(value, SecretCipher.AssociatedData(SealPurposes.Secret, orgId, DemoSecret));
        await storage.Secrets.PutAsync(orgId, DemoSecret, sealedValue, time.GetUtcNow(), cancellationToken);
        return new SeedItem("secret", orgId, DemoSecret, true, "sealed; read it in a workflow as secrets." + DemoSecret);
    }

    private async Task<SeedItem> EnsureKeyAsync(string orgId, ApiKeyRole role, CancellationToken cancellationToken)
    {
        var name = $"seed-{role.Name()}";
        var existing = (await storage.ApiKeys.ListAsync(orgId, cancellationToken))
            .FirstOrDefault(k => k.Name == name && !k.IsRevoked);
        if (existing is not null)
        {
            return new SeedItem("key", orgId, name, false, $"{existing.Id} ({existing.Prefix}...)");
        }

        var (secret, hash, prefix) = ApiKeySecrets.Generate();
        var record = new ApiKeyRecord(
            ApiKeySecrets.NewId(), orgId, name, role, false, hash, prefix, time.GetUtcNow(), null);
        await storage.ApiKeys.CreateAsync(record, cancellationToken);
        return new SeedItem("key", orgId, name, true, secret);
    }
}
