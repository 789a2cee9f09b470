using Stepwise.Workspace;

namespace Stepwise.Cli.Doctor;

/// <summary>
/// The workspace of code workflows (<c>STEPWISE_WORKSPACE</c>, else <c>&lt;data&gt;/workspace</c>) compiled as the
/// server compiles it at start (<c>stepwise workspace check</c> shows the rest: what it defines). A workspace that
/// does not build keeps its workflows from starting.
/// </summary>
internal sealed class WorkspaceBuildCheck : IDoctorCheck
{
    public const string Name = "workspace";

    /// <summary>The compile errors listed; the rest are counted.</summary>
    private const int ShownErrors = 5;

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not { } node)
        {
            return DoneAsync(DoctorFinding.Skip(Name, "the settings do not resolve (see configuration)"));
        }

        var folder = Path.GetFullPath(node.Options.WorkspaceDirectory);
        if (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Any())
        {
            return DoneAsync(DoctorFinding.Skip(Name, $"no code workflows ({folder} has no .cs files)"));
        }

        CompileResult build;
        try
        {
            build = WorkspaceCompiler.Compile(WorkspaceSources.Read(folder), new HashSet<string>());
        }
        catch (WorkspaceException exception)
        {
            return DoneAsync(DoctorFinding.Fail(Name, $"{folder}: {exception.Message}", "fix the workspace, then run 'stepwise workspace check " + folder + "'"));
        }

        if (build.Succeeded)
        {
            return DoneAsync(DoctorFinding.Ok(Name, $"{folder}: {build.Sources.Files.Count} file(s) build, {build.Discovery?.Workflows.Count ?? 0} workflow(s)"));
        }

        var shown = string.Join("; ", build.Errors.Take(ShownErrors).Select(error => error.ToString()));
        var more = build.Errors.Count > ShownErrors ? $" (and {build.Errors.Count - ShownErrors} more)" : string.Empty;
        return DoneAsync(DoctorFinding.Fail(
            Name, $"{folder} does not build: {build.Errors.Count} error(s): {shown}{more}",
            $"fix the errors ('stepwise workspace check {folder}' lists them all); until then its workflows cannot start"));
    }

    private static Task<IReadOnlyList<DoctorFinding>> DoneAsync(DoctorFinding finding) =>
        Task.FromResult<IReadOnlyList<DoctorFinding>>([finding]);
}
