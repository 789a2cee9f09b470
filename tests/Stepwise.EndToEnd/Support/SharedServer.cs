namespace Stepwise.EndToEnd.Support;

/// <summary>One server shared by the tests of a class that do not stop or kill it.</summary>
public sealed class SharedServer : IAsyncLifetime
{
    private readonly TempFolder folder = new();

    public ServerInstance Server { get; private set; } = null!;

    public string DataFolder => folder.Path;

    public async Task InitializeAsync() => Server = await ServerInstance.StartAsync(folder.Path);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        folder.Dispose();
    }
}
