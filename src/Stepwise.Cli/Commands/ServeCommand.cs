using System.CommandLine;
using Stepwise.Server;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise serve [--urls URL] [--data DIR] [--tls [--cert FILE --key FILE] [--client-certs none|allow|require]
/// [--client-ca FILE]]</c>: the HTTP API over the store in the data folder (or DATABASE_URL), over HTTPS with --tls. Exit codes: 0 after a graceful stop (SIGTERM, Ctrl+C), 1 when it cannot start (port in use,
/// unreadable store), 2 for a bad setting.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen (default {ServerOptions.DefaultUrls}); several separated by ';'",
            HelpName = "URL",
        };
        var data = ServerVerbs.DataOption();
        var tls = new Option<bool>("--tls")
        {
            Description = $"Serve HTTPS (default address {TlsOptions.DefaultUrls}) with the certificate from 'stepwise certs init'",
        };
        var cert = new Option<FileInfo?>("--cert")
        {
            Description = "Server certificate, PEM (default <data>/certs/server/server.crt)",
            HelpName = "FILE",
        };
        var key = new Option<FileInfo?>("--key")
        {
            Description = "Private key of the server certificate, PEM (default <data>/certs/server/server.key)",
            HelpName = "FILE",
        };
        var clientCerts = new Option<string?>("--client-certs")
        {
            Description = "Client certificates: none, allow (checked when presented) or require (default none)",
            HelpName = "none|allow|require",
        };
        clientCerts.AcceptOnlyFromAmong("none", "allow", "require");
        var clientCa = new Option<FileInfo?>("--client-ca")
        {
            Description = "CA certificate, PEM, that client certificates must be issued by (default <data>/certs/ca/ca.crt)",
            HelpName = "FILE",
        };
        var command = new Command("serve", "Serve the HTTP API: workflows, runs, organizations and API keys")
        {
            urls, data, tls, cert, key, clientCerts, clientCa,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (parseResult.GetValue(urls) is { } listen)
            {
                settings["urls"] = listen;
            }

            if (parseResult.GetValue(data) is { } folder)
            {
                // The data folder holds files; DATABASE_URL alone chooses the store, so it is left as it is.
                settings[ServerSettings.DataKey] = folder.FullName;
            }

            if (parseResult.GetValue(tls))
            {
                settings[TlsOptions.EnabledKey] = "true";
            }

            Set(settings, TlsOptions.CertificateKey, parseResult.GetValue(cert)?.FullName);
            Set(settings, TlsOptions.PrivateKeyKey, parseResult.GetValue(key)?.FullName);
            Set(settings, TlsOptions.ClientCertificatesKey, parseResult.GetValue(clientCerts));
            Set(settings, TlsOptions.ClientAuthorityKey, parseResult.GetValue(clientCa)?.FullName);
            return StepwiseServer.RunAsync([], settings, Console.Error, cancellationToken);
        });
        return command;
    }

    private static void Set(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }
}
