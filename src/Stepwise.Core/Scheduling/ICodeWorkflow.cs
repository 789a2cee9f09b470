using System.Text.Json.Nodes;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// A workflow written as code (a C# method of a workspace), as the engine runs it: given the run, it returns the
/// run's output. The engine replays it from the top on every resume; <see cref="ICodeRun"/> returns the recorded
/// results of steps that completed. Implemented where the code is compiled (Stepwise.Workspace), so Core knows no
/// compiler.
/// </summary>
public interface ICodeWorkflow
{
    /// <summary>The version of the code (the workspace's content hash), which runs are pinned to.</summary>
    string CodeVersion { get; }

    /// <summary>Runs the method once, from the top. Exceptions fail the run with their message.</summary>
    Task<JsonNode?> RunAsync(ICodeRun run);
}
