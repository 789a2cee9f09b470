namespace Stepwise.Testing;

/// <summary>A fresh folder under the system temp folder for one test's files, deleted with its content on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "stepwise-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> in the folder (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> in the folder and returns its full path.</summary>
    public string Write(string name, string content)
    {
        var file = File(name);
        System.IO.File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A process the test started may still hold a file for a moment; the OS cleans temp folders anyway.
        }
    }
}
