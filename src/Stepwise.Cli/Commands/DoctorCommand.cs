using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Doctor;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise doctor [--data DIR] [--urls URLS] [--server URL] [-o json]</c>: checks what a node needs to run and
/// prints one line per finding, <c>ok</c>, <c>warn</c>, <c>fail</c> or <c>skip</c>, each problem with what to do.
/// Exit codes: 0 when nothing failed (warnings included), 1 when a check failed, 2 a bad argument.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var data = ServerVerbs.DataOption();
        var urls = new Option<string?>("--urls")
        {
            Description = "The listen addresses to check, as for 'stepwise serve' (default: the urls setting, else http://127.0.0.1:8080)",
            HelpName = "URLS",
        };
        var server = new Option<string?>("--server")
        {
            Description = "Also ask this running server's /health/ready and /health",
            HelpName = "URL",
        };
        server.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && ServerUri(result.Tokens[0].Value) is null)
            {
                result.AddError($"Invalid value '{result.Tokens[0].Value}' for --server: expected a URL such as {ServerClient.DefaultServer}.");
            }
        });
        var output = CommonOptions.Output();
        var command = new Command("doctor", "Check this node's settings, store, keys, certificates, port, disk, clock and workspace; with --server also a running server")
        {
            data, urls, server, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var folder = parseResult.GetValue(data);
            var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (folder is not null)
            {
                flags[ServerSettings.DataKey] = folder.FullName;
            }

            var report = ConfigReport.Build(flags, StepwiseSettings.Variables());
            var (node, error) = DbFile.ResolveNode(folder);
            await using var context = new DoctorContext(node, error, TimeProvider.System)
            {
                Urls = parseResult.GetValue(urls),
                Server = parseResult.GetValue(server) is { } url ? ServerUri(url) : null,
            };
            var findings = await DoctorRun.RunAsync(context, report, cancellationToken);
            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, Json(findings));
            }
            else
            {
                await WriteTextAsync(Console.Out, findings);
            }

            return findings.Any(finding => finding.Status == DoctorStatus.Fail) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    public static string StatusName(DoctorStatus status) => status.ToString().ToLowerInvariant();

    private static async Task WriteTextAsync(TextWriter writer, IReadOnlyList<DoctorFinding> findings)
    {
        foreach (var finding in findings)
        {
            await writer.WriteLineAsync($"{StatusName(finding.Status),-5} {finding.Check}: {finding.Message}");
            if (finding.Fix is not null)
            {
                await writer.WriteLineAsync($"      fix: {finding.Fix}");
            }
        }

        await writer.WriteLineAsync(
            $"{Count(findings, DoctorStatus.Ok)} ok, {Count(findings, DoctorStatus.Warn)} warning(s), " +
            $"{Count(findings, DoctorStatus.Fail)} failure(s), {Count(findings, DoctorStatus.Skip)} skipped");
    }

    private static JsonObject Json(IReadOnlyList<DoctorFinding> findings) => new()
    {
        ["ok"] = findings.All(finding => finding.Status != DoctorStatus.Fail),
        ["counts"] = new JsonObject
        {
            ["ok"] = Count(findings, DoctorStatus.Ok),
            ["warn"] = Count(findings, DoctorStatus.Warn),
            ["fail"] = Count(findings, DoctorStatus.Fail),
            ["skip"] = Count(findings, DoctorStatus.Skip),
        },
        ["findings"] = new JsonArray([.. findings.Select(finding => (JsonNode)new JsonObject
        {
            ["check"] = finding.Check,
            ["status"] = StatusName(finding.Status),
            ["message"] = finding.Message,
            ["fix"] = finding.Fix,
        })]),
    };

    private static int Count(IReadOnlyList<DoctorFinding> findings, DoctorStatus status) =>
        findings.Count(finding => finding.Status == status);

    private static Uri? ServerUri(string text) =>
        Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
