using Stepwise.Core.Definitions;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Cli.Rendering;

/// <summary>The one-line text form of a diagnostic, <c>file:line:col: [warning: ]message</c>, compilers' style.</summary>
internal static class DiagnosticText
{
    public static string Format(Diagnostic diagnostic, string file)
    {
        var location = diagnostic.Location;
        var where = location is { Line: > 0 }
            ? $"{location.File ?? file}:{location.Line}:{location.Column}"
            : location?.File ?? file;
        var severity = diagnostic.IsError ? string.Empty : "warning: ";
        return $"{where}: {severity}{diagnostic.Message}";
    }

    /// <summary>Every diagnostic of a file, then <c>file: ok</c> when it has no error.</summary>
    public static void WriteFileResult(TextWriter writer, string file, LoadResult result)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            writer.WriteLine(Format(diagnostic, file));
        }

        if (result.Succeeded)
        {
            writer.WriteLine($"{file}: ok");
        }
    }
}
