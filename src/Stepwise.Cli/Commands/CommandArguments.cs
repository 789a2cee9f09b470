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
