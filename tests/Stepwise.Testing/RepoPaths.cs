using System.Reflection;

namespace Stepwise.Testing;

/// <summary>
/// The repository root (the folder holding Stepwise.slnx, found by walking up from the test binaries), its examples,
/// and the CLI built for the same configuration and framework as the tests that start it.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Examples => Path.Combine(Root, "examples");

    public static string InvalidExamples => Path.Combine(Examples, "invalid");

    public static string Example(string name) => Path.Combine(Examples, name);

    public static string ReadExample(string name) => File.ReadAllText(Example(name));

    /// <summary>
    /// The built <c>stepwise.dll</c> of the Configuration and TargetFramework this assembly was built with (named in its
    /// assembly metadata by tests/Directory.Build.props): the same build as the tests that start it.
    /// </summary>
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
            .SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"Stepwise.Testing has no '{key}' metadata; tests/Directory.Build.props sets it.");

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
