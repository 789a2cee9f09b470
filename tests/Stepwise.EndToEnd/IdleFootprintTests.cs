using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>
/// What an idle server does not load (docs/operations.md, Memory): each assembly here was once loaded at start by
/// every server, needed or not. The assemblies a process loaded are its mapped files, read from /proc/PID/maps.
/// </summary>
public sealed class IdleFootprintTests
{
    [Fact]
    public async Task IdleServer_MapsNoneOfTheAssembliesItDoesNotUse_UntilTheDashboardIsOpened()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var client = server.Client();
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
        }

        using (var workflows = await client.GetAsync("/api/v1/workflows"))
        {
            Assert.True(workflows.IsSuccessStatusCode, await workflows.Content.ReadAsStringAsync());
        }

        var maps = Maps(server);
        Assert.Contains("/Microsoft.AspNetCore.Server.Kestrel.Core.dll", maps, StringComparison.Ordinal);
        string[] unused =
        [
            // Middleware with services on InvokeAsync made ASP.NET Core compile an expression tree for each.
            "/System.Linq.Expressions.dll",

            // The full WebApplication builder: IIS integration and the QUIC transport (HTTP/3).
            "/Microsoft.AspNetCore.Server.IIS.dll",
            "/Microsoft.AspNetCore.Server.Kestrel.Transport.Quic.dll",
            "/System.Net.Quic.dll",

            // OpenTelemetry only exports with OTEL_EXPORTER_OTLP_ENDPOINT set.
            "/OpenTelemetry.dll",
            "/OpenTelemetry.Api.dll",
            "/OpenTelemetry.Exporter.OpenTelemetryProtocol.dll",

            // The dashboard's files are read and gzipped at the first request for one.
            "/System.IO.Compression.dll",
        ];
        Assert.All(unused, name => Assert.DoesNotContain(name, maps, StringComparison.Ordinal));

        using (var page = await client.GetAsync("/"))
        {
            Assert.True(page.IsSuccessStatusCode, await page.Content.ReadAsStringAsync());
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }

        Assert.Contains("/System.IO.Compression.dll", Maps(server), StringComparison.Ordinal);
    }

    private static string Maps(ServerInstance server) => File.ReadAllText($"/proc/{server.Process.Id}/maps");
}
