namespace Stepwise.Hosting.Secrets;

/// <summary>
/// Takes the master keys when the server starts, so a missing or damaged key stops it at once (and a first start
/// generates the key file) instead of failing the first run that reads a secret. Resolving this service loads them.
/// </summary>
internal sealed class MasterKeyCheck(MasterKeyRing keys) : IHostedService
{
    public string CurrentKeyId { get; } = keys.Current.Id;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
