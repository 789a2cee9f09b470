namespace Stepwise.Workspace.Tests.Support;

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("stepwise-ws-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a watcher on another thread; the OS cleans temp folders.
        }
    }
}
