using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise certs init [--dir DIR] [--hosts H,H] [--days N] [--force]</c>: a development CA with a server and a
/// client certificate for <c>serve --tls --client-certs require</c>. Exit codes: 0 written, 1 a file exists (without
/// --force) or cannot be written, 2 a bad argument.
/// </summary>
internal static class CertsCommand
{
    public const string DefaultHosts = "localhost,127.0.0.1";
    public const int DefaultDays = 365;

    public static Command Create()
    {
        var command = new Command("certs", "Create certificates for HTTPS and client certificate (mTLS) checks");
        command.Subcommands.Add(Init());
        return command;
    }

    private static Command Init()
    {
        var dir = new Option<DirectoryInfo?>("--dir")
        {
            Description = "Folder to write to (default <data>/certs, where 'stepwise serve --tls' looks; data is STEPWISE_DATA or ./data)",
            HelpName = "DIR",
        };
        var hosts = new Option<string>("--hosts")
        {
            Description = $"Host names and IP addresses of the server certificate, comma-separated (default {DefaultHosts})",
            HelpName = "HOSTS",
            DefaultValueFactory = _ => DefaultHosts,
        };
        hosts.Validators.Add(result =>
        {
            var text = result.Tokens.Count == 0 ? DefaultHosts : result.Tokens[0].Value;
            if (SplitHosts(text).FirstOrDefault(host => !IsHost(host)) is { } bad)
            {
                result.AddError($"--hosts: '{bad}' is not a host name or IP address.");
            }
            else if (SplitHosts(text).Count == 0)
            {
                result.AddError("--hosts: name at least one host name or IP address.");
            }
        });
        var days = new Option<int>("--days")
        {
            Description = $"Days the certificates are valid (default {DefaultDays})",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultDays,
        };
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3650)
            {
                result.AddError("--days: must be from 1 to 3650.");
            }
        });
        var force = new Option<bool>("--force") { Description = "Replace existing certificates and keys in the folder" };
        var output = CommonOptions.Output();
        var command = new Command("init", "Create a development CA, a server certificate and a client certificate (PEM, and .pfx for the client)")
        {
            dir, hosts, days, force, output,
        };
        command.SetAction(parseResult =>
        {
            var folder = parseResult.GetValue(dir)?.FullName;
            if (folder is null)
            {
                var (node, error) = DbFile.ResolveNode(data: null);
                if (node is null)
                {
                    Console.Error.WriteLine($"stepwise: {error}");
                    return ExitCodes.Usage;
                }

                folder = Path.GetFullPath(DevCertificateSet.DefaultFolder(node.Options.DataDirectory));
            }

            var names = SplitHosts(parseResult.GetValue(hosts) ?? DefaultHosts);
            var validDays = parseResult.GetValue(days);
            IReadOnlyList<string> files;
            using var set = DevCertificateSet.Create(names, validDays, TimeProvider.System.GetUtcNow());
            try
            {
                files = set.WriteTo(folder, parseResult.GetValue(force));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"stepwise: {exception.Message}");
                return ExitCodes.Failed;
            }

            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, new JsonObject
                {
                    ["folder"] = folder,
                    ["hosts"] = new JsonArray([.. names.Select(name => JsonValue.Create(name))]),
                    ["not_after"] = set.Server.NotAfter.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                    ["files"] = new JsonArray([.. files.Select(file => JsonValue.Create(file))]),
                });
                return ExitCodes.Success;
            }

            foreach (var file in files)
            {
                Console.Out.WriteLine($"wrote {file}");
            }

            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"valid for {validDays} days, until {set.Server.NotAfter.ToUniversalTime():u}; server names: {string.Join(", ", names)}"));
            Console.Out.WriteLine("serve with: stepwise serve --tls --client-certs require" +
                (parseResult.GetValue(dir) is null ? "" : $" --cert {files[2]} --key {files[3]} --client-ca {files[0]}"));
            Console.Out.WriteLine($"call with:  curl --cacert {files[0]} --cert {files[4]} --key {files[5]} https://{Url(names[0])}:8443/health");
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<string> SplitHosts(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static bool IsHost(string host) =>
        IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;

    private static string Url(string host) =>
        IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{host}]"
            : host;
}
