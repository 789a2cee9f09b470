using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// What <see cref="RunStarter.StartAsync"/> did: the run (as created, or as it ended when the caller waited and it
/// finished in time), or, when the params were refused and no run was created, the errors naming each bad param.
/// </summary>
internal sealed record RunStart(ExecutionRecord? Execution, IReadOnlyList<string> Errors)
{
    public bool IsRejected => Execution is null;

    /// <summary>
    /// From <see cref="RunStarter.BeginAsync"/> when the request waits and the run has not finished yet: completes
    /// with the run once it has finished, or with null when the wait ends first.
    /// </summary>
    public Task<ExecutionRecord?>? Finishing { get; init; }

    public static RunStart Rejected(IReadOnlyList<string> errors) => new(null, errors);

    public static RunStart Of(ExecutionRecord execution) => new(execution, []);
}
