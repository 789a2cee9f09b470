using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;
using Stepwise.Storage.Migrations;

namespace Stepwise.Server;

/// <summary>
/// Builds and runs the HTTP server: <c>stepwise serve</c> and the server's own entry point call
/// <see cref="RunAsync"/>; tests build it with <see cref="CreateBuilder"/> and <see cref="Build"/>.
/// </summary>
public static class StepwiseServer
{
    /// <summary>Exit code when a setting is unusable.</summary>
    public const int ExitConfiguration = 2;

    /// <summary>Exit code when the server cannot start (port taken, store unreadable).</summary>
    public const int ExitStartFailed = 1;

    /// <param name="args">Command-line arguments for the host (such as <c>--urls</c>).</param>
    /// <param name="settings">Settings that win over the environment, such as STEPWISE_DATA from <c>--data</c>.</param>
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // The slim builder: the same settings sources (appsettings*.json, environment, command line), Kestrel with its
        // "Kestrel" section, host filtering and forwarded headers, but without IIS integration, the QUIC transport
        // (HTTP/3, which Stepwise does not serve), hosting startup assemblies, the Debug and EventSource loggers
        // (Stepwise's own provider writes the log) or regex route constraints (no route uses one). Each was loaded and
        // JIT-compiled by an idle server for nothing. HTTPS is added back by TlsSetup when TLS is on.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Without this the host watches appsettings*.json for changes through a watcher on the whole working
            // directory, subfolders included: the default data folder (./data) is one, so every database and log
            // write woke that watcher (5% of the server's CPU under webhook load). Stepwise reads its settings at start.
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = typeof(StepwiseServer).Assembly.GetName().Name,
        });
        StepwiseSettings.Apply(builder.Configuration, settings);
        var urls = builder.Configuration["urls"];
        builder.WebHost.UseUrls(Tls.TlsSetup.Apply(builder, urls));
        ServerLogging.Configure(builder.Logging, builder.Configuration);
        builder.Services.AddStepwiseServer();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.UseStepwisePipeline();
        return app;
    }

    /// <summary>
    /// Runs until SIGTERM or Ctrl+C, then drains and exits 0. A bad setting (also one found at start, such as a key
    /// the store's other nodes do not share) exits 2 and a failed start (port in use, unreadable store) exits 1,
    /// each with one message on <paramref name="error"/> and no stack trace.
    /// </summary>
    public static async Task<int> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string?>? settings,
        TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        WebApplication app;
        try
        {
            var builder = CreateBuilder(args, settings);
            ServerSettings.Read(builder.Configuration);
            RateLimitOptions.Read(builder.Configuration);
            app = Build(builder);
        }
        catch (ServerConfigurationException exception)
        {
            await error.WriteLineAsync($"stepwise: {exception.Message}");
            return ExitConfiguration;
        }

        await using (app)
        {
            try
            {
                // The store first, before any hosted service is built: an unreachable database or a schema ahead of
                // this build stops here, and everything started after finds the store open.
                _ = app.Services.GetRequiredService<StoreHost>();
                await app.StartAsync(cancellationToken);
            }
            catch (Exception exception) when (Find<ServerConfigurationException>(exception) is { } configuration)
            {
                // A setting only the store can judge (a key other nodes do not share) is a bad setting too.
                await error.WriteLineAsync($"stepwise: {configuration.Message}");
                await StopQuietlyAsync(app);
                return ExitConfiguration;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                await error.WriteLineAsync($"stepwise: {DescribeStartFailure(exception, app.Urls)}");
                await StopQuietlyAsync(app);
                return ExitStartFailed;
            }

            await app.WaitForShutdownAsync(cancellationToken);
        }

        return 0;
    }

    internal static string DescribeStartFailure(Exception exception, ICollection<string> urls)
    {
        if (Find<AddressInUseException>(exception) is not null
            || Find<SocketException>(exception) is { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            var address = AddressOf(exception.Message) ?? AddressOf("address " + urls.FirstOrDefault() + ": ")
                ?? ServerOptions.DefaultUrls;
            var port = address[(address.LastIndexOf(':') + 1)..];
            return $"address already in use: {address}\n" +
                $"hint: another program is listening on port {port}. Stop it (find it with `lsof -i :{port}` or " +
                "`ss -ltnp`) or choose another address with --urls http://127.0.0.1:PORT.";
        }

        if (Find<SocketException>(exception) is { SocketErrorCode: SocketError.AccessDenied })
        {
            return $"permission denied listening on {AddressOf(exception.Message) ?? string.Join(", ", urls)}\n" +
                "hint: ports below 1024 need extra rights; choose a port such as 8080 with --urls.";
        }

        if (Find<SchemaVersionException>(exception) is { } schema)
        {
            return schema.Message;
        }

        return (Find<StorageException>(exception) ?? exception) switch
        {
            StorageException storage => $"cannot open the store: {storage.Message}",
            ArgumentException => $"cannot open the store: {exception.Message}",
            _ => $"cannot start the server: {exception.Message}",
        };
    }

    private static async Task StopQuietlyAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The start already failed and was reported; a second failure while stopping adds nothing useful.
            _ = exception;
        }
    }

    /// <summary><c>Failed to bind to address http://127.0.0.1:8080: address already in use.</c> -> <c>127.0.0.1:8080</c>.</summary>
    private static string? AddressOf(string message)
    {
        const string marker = "address ";
        var start = message.IndexOf(marker + "http", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        var text = message[(start + marker.Length)..];
        var end = text.IndexOf(": ", StringComparison.Ordinal);
        var url = end < 0 ? text : text[..end];
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Host}:{uri.Port}" : url;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
