using System.CommandLine;

namespace Stepwise.Cli.Commands;

/// <summary>Positional arguments shared by verbs, with the checks that make a bad one a usage error (exit 2).</summary>
internal static class CommandArguments
{
    public static Argument<string[]> WorkflowFiles() => WithFileCheck(new Argument<string[]>("FILE")
    {
        Description = "Workflow files (.yaml, .yml or .json)",
        Arity = ArgumentArity.OneOrMore,
    });

    public static Argument<string> WorkflowFile() => WithFileCheck(new Argument<string>("FILE")
    {
        Description = "A workflow file (.yaml, .yml or .json)",
    });

    /// <summary>
    /// <c>run</c>'s target: a workflow file (.yaml, .yml, .json, or a .cs file of a workspace), or with
    /// <c>--workspace</c> the name of one of its code workflows; the command checks which.
    /// </summary>
    public static Argument<string> WorkflowFileOrName() => new("FILE")
    {
        Description = "A workflow file (.yaml, .yml, .json, or a workspace's .cs file); with --workspace, a workflow name",
    };

    /// <summary>The check of <see cref="WorkflowFiles"/> for one path: null when it is an existing file.</summary>
    public static string? FileError(string path) =>
        Directory.Exists(path) ? $"'{path}' is a folder, not a workflow file."
        : !File.Exists(path) ? $"File not found: '{path}'."
        : null;

    private static T WithFileCheck<T>(T argument)
        where T : Argument
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                var path = token.Value;
                if (Directory.Exists(path))
                {
                    result.AddError($"'{path}' is a folder, not a workflow file.");
                }
                else if (!File.Exists(path))
                {
                    result.AddError($"File not found: '{path}'.");
                }
            }
        });
        return argument;
    }
}
