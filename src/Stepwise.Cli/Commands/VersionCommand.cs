using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise version</c>: the program's version and the runtime it runs on.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Output();
        var command = new Command("version", "Print the version of stepwise and of the .NET runtime") { output };
        command.SetAction(parseResult => Execute(CommonOptions.ToFormat(parseResult.GetValue(output))));
        return command;
    }

    public static string ProgramVersion
    {
        get
        {
            var informational = typeof(VersionCommand).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
    }

    private static int Execute(OutputFormat format)
    {
        var info = new VersionInfo(
            ProgramVersion,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.RuntimeIdentifier,
            RuntimeInformation.OSDescription);
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(Console.Out, info, CliJsonContext.Readable.VersionInfo);
        }
        else
        {
            Console.Out.WriteLine($"stepwise {info.Version}");
            Console.Out.WriteLine($"runtime  {info.Runtime} ({info.RuntimeIdentifier})");
        }

        return ExitCodes.Success;
    }
}
