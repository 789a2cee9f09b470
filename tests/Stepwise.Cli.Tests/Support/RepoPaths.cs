using System.Reflection;

namespace Stepwise.Cli.Tests.Support;

/// <summary>Where the repository, its examples and the built CLI are, found from the test's own output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Examples => Path.Combine(Root, "examples");

    public static string InvalidExamples => Path.Combine(Examples, "invalid");

    public static string Example(string name) => Path.Combine(Examples, name);

    /// <summary>The CLI built for the same configuration and framework as these tests.</summary>
    public static string CliDll
    {
        get
        {
            var path = Path.Combine(Root, "src", "Stepwise.Cli", "bin", Metadata("Configuration"),
                Metadata("TargetFramework"), "stepwise.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The CLI is not built at {path}; build Stepwise.slnx first.", path);
        }
    }

    private static string Metadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value!;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Stepwise.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Stepwise.slnx above {AppContext.BaseDirectory}.");
    }
}
