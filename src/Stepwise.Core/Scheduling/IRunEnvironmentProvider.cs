using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// Gives each run its organization's environment (<c>org.name</c>, <c>config.x</c>, <c>secrets.x</c>). The engine
/// finds it in the services it was given; without one, config and secrets are empty and org.name is the org id.
/// </summary>
public interface IRunEnvironmentProvider
{
    ValueTask<RunEnvironment> GetAsync(ExecutionRecord execution, CancellationToken cancellationToken = default);
}
