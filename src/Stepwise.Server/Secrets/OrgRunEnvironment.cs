using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Secrets;

/// <summary>
/// The engine's and the webhooks' view of an organization: its name, configuration and secrets, read from the
/// store each time a run starts or resumes (so a changed secret applies to the next run, not to one in flight
/// between its steps).
/// </summary>
internal sealed class OrgRunEnvironment(StoreHost store, SecretCipher cipher, ILoggerFactory loggers) : IRunEnvironmentProvider
{
    private readonly ILogger logger = loggers.CreateLogger("Stepwise.Server.Secrets");

    public async ValueTask<RunEnvironment> GetAsync(ExecutionRecord execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var storage = store.Storage;
        var organization = await storage.Organizations.GetAsync(execution.OrgId, cancellationToken);
        var config = await storage.Config.ListAsync(execution.OrgId, cancellationToken);
        var secrets = await storage.Secrets.ListAsync(execution.OrgId, cancellationToken);
        return new RunEnvironment(organization?.Name, new ConfigLookup(config), new SecretLookup(secrets, cipher, logger));
    }
}
