using System.Reflection;

namespace Stepwise.EndToEnd.Support;

/// <summary>The repository root (the folder holding Stepwise.slnx), its examples, and the built CLI.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Examples => Path.Combine(Root, "examples");

    public static string ReadExample(string name) => File.ReadAllText(Path.Combine(Examples, name));

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
