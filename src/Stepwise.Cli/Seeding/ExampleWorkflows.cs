using System.Reflection;

namespace Stepwise.Cli.Seeding;

/// <summary>The example workflows (the repository's <c>examples/*.yaml</c>) embedded in the program.</summary>
internal static class ExampleWorkflows
{
    private const string Prefix = "examples/";

    /// <summary>Every example as (file name, source), by file name.</summary>
    public static IReadOnlyList<(string FileName, string Source)> Load()
    {
        var assembly = typeof(ExampleWorkflows).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(name => (name[Prefix.Length..], Read(assembly, name))),
        ];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded example '{name}' is missing from the program.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
