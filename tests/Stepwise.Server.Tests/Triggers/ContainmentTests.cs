using System.Net;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Triggers;

/// <summary>
/// Issue 21 item 5: file_watch paths stay under STEPWISE_WATCH_ROOTS and never hold the data folder, and a literal
/// webhook secret is never shown to viewers.
/// </summary>
public sealed class ContainmentTests : IDisposable
{
    private const string LiteralSecret = "hook-Literal-Zq81";

    private readonly ServerFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData("/etc")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("inbox/../workspace")]
    public async Task Deploy_FileWatchOutsideTheRoots_IsRefusedNamingTheSetting(string path)
    {
        using var admin = factory.Client();
        using var response = await admin.PostAsync("/api/v1/workflows", Api.Yaml(Watching(path)));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("STEPWISE_WATCH_ROOTS", body, StringComparison.Ordinal);
        Assert.Contains("file_watch path", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inbox")]
    [InlineData("inbox/orders")]
    public async Task Deploy_FileWatchUnderTheInbox_IsAccepted(string path)
    {
        using var admin = factory.Client();
        using var response = await admin.PostAsync("/api/v1/workflows", Api.Yaml(Watching(path)));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_WorkflowWithALiteralWebhookSecret_ShowsItToAdminsOnly()
    {
        using var admin = factory.Client();
        await admin.DeployAsync($$"""
            name: hooked
            triggers: [{ type: webhook, path: hooked, secret: "{{LiteralSecret}}" }]
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);
        using var viewer = factory.Client(await factory.CreateKeyAsync("default", ApiKeyRole.Viewer));

        var seenByViewer = await viewer.GetStringAsync("/api/v1/workflows/hooked")
            + await viewer.GetStringAsync("/api/v1/workflows/hooked/versions/1")
            + await viewer.GetStringAsync("/api/v1/workflows");
        var seenByAdmin = await admin.GetStringAsync("/api/v1/workflows/hooked");

        Assert.DoesNotContain(LiteralSecret, seenByViewer, StringComparison.Ordinal);
        Assert.Contains("***", seenByViewer, StringComparison.Ordinal);
        Assert.Contains(LiteralSecret, seenByAdmin, StringComparison.Ordinal);
        Assert.DoesNotContain(LiteralSecret, await admin.GetStringAsync("/api/v1/workflows"), StringComparison.Ordinal);
    }

    private static string Watching(string path) => $$"""
        name: watching
        triggers: [{ type: file_watch, path: "{{path}}", pattern: "*.csv" }]
        nodes: [{ id: a, type: transform, with: { x: 1 } }]
        """;
}
