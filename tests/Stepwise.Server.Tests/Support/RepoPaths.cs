namespace Stepwise.Server.Tests.Support;

/// <summary>The repository root (the folder holding Stepwise.slnx) and its examples.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    public static string ReadExample(string name) => File.ReadAllText(Example(name));

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
