using System.CommandLine;
using System.Text.Json.Nodes;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise secrets set|list|delete</c> call a server's <c>/api/v1/secrets</c> (admin keys to change; the value is
/// read from standard input, never from the command line where other users could see it).
/// <c>stepwise secrets rotate-key</c>: re-encrypts every organization secret and OAuth token of the server's store
/// under a new master key, opening the store directly like <c>stepwise keys</c>. With the generated key file, a new
/// key is generated and the old one forgotten once every value moved; with <c>STEPWISE_MASTER_KEY</c>, values move
/// from <c>STEPWISE_PREVIOUS_MASTER_KEY</c> to it. Exit codes: 0 done, 1 some value could not be opened or the store
/// refused, 2 a bad argument.
/// </summary>
internal static class SecretsCommand
{
    public static Command Create()
    {
        var command = new Command("secrets", "Manage organization secrets and their encryption");
        command.Subcommands.Add(SetCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(DeleteCommand());
        command.Subcommands.Add(RotateKeyCommand());
        return command;
    }

    private static Command SetCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The secret's name, as workflows read it: secrets.NAME" };
        var command = new Command("set", "Create or replace a secret; the value is read from standard input (one trailing newline dropped)")
        {
            name,
        };
        ServerCall.Define(
            command,
            parseResult =>
            {
                var value = Console.In.ReadToEnd();
                value = value.EndsWith("\r\n", StringComparison.Ordinal) ? value[..^2] : value.EndsWith('\n') ? value[..^1] : value;
                return new ServerRequest(
                    HttpMethod.Put,
                    $"api/v1/secrets/{ServerClient.Escape(parseResult.GetRequiredValue(name))}",
                    new JsonObject { ["value"] = value }.ToJsonString());
            },
            (parseResult, answer) => Console.Out.WriteLine(
                $"Stored secret {parseResult.GetRequiredValue(name)} (updated {JsonCells.Time(answer["updated_at"])})"));
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List the organization's secrets: names and times, never values");
        ServerCall.Define(
            command,
            _ => new ServerRequest(HttpMethod.Get, "api/v1/secrets"),
            (_, answer) => ServerTable.Write(
                Console.Out,
                ["NAME", "CREATED", "UPDATED"],
                (answer["secrets"] as JsonArray ?? []).Select(secret => (IReadOnlyList<string>)
                [
                    JsonCells.Text(secret?["name"]), JsonCells.Time(secret?["created_at"]), JsonCells.Time(secret?["updated_at"]),
                ])));
        return command;
    }

    private static Command DeleteCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The secret's name" };
        var command = new Command("delete", "Delete a secret; runs that read it afterwards fail with Secret 'NAME' not found") { name };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(
                HttpMethod.Delete, $"api/v1/secrets/{ServerClient.Escape(parseResult.GetRequiredValue(name))}"),
            (parseResult, _) => Console.Out.WriteLine($"Deleted secret {parseResult.GetRequiredValue(name)}"));
        return command;
    }

    private static Command RotateKeyCommand()
    {
        var data = ServerVerbs.DataOption();
        var command = new Command(
            "rotate-key",
            "Re-encrypt every secret and OAuth token under a new master key (stop servers that use the key file first)")
        {
            data,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (node, settingsError) = DbFile.ResolveNode(parseResult.GetValue(data));
            if (node is null)
            {
                return Fail(settingsError!);
            }

            var folder = node.Options.DataDirectory;
            var configuration = node.Configuration;
            var fromEnvironment = NonEmpty(configuration[MasterKeys.MasterKeyKey]) is not null;
            MasterKeyRing ring;
            MasterKey? generated = null;
            string keyFile = MasterKeyFile.PathIn(folder);
            try
            {
                if (fromEnvironment)
                {
                    ring = MasterKeys.Load(configuration, folder);
                }
                else
                {
                    var existing = MasterKeyFile.LoadOrCreate(keyFile);
                    generated = MasterKey.Generate();

                    // The old keys stay in the file until every value moved, so an interrupted rotation loses nothing.
                    MasterKeyFile.Write(keyFile, [generated, .. existing]);
                    ring = new MasterKeyRing(generated, existing, keyFile);
                }
            }
            catch (Exception exception) when (exception is ServerConfigurationException or IOException or UnauthorizedAccessException)
            {
                return Fail(exception.Message);
            }

            var (storage, error) = await DbFile.OpenStoreAsync(node, cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            RotationReport report;
            await using (storage)
            {
                report = await new SecretRotation(storage.Secrets, storage.OAuthConnections, new SecretCipher(ring)).RunAsync(cancellationToken);
            }

            foreach (var failure in report.Failures)
            {
                Console.Error.WriteLine($"stepwise: {failure}");
            }

            if (report.Failures.Count > 0)
            {
                return Fail(
                    $"{report.Failures.Count} value(s) could not be re-encrypted; the previous keys are kept " +
                    (fromEnvironment ? $"(keep {MasterKeys.PreviousMasterKeyKey} set)" : $"in {keyFile}"));
            }

            if (generated is not null)
            {
                MasterKeyFile.Write(keyFile, [generated]);
            }

            Console.Out.WriteLine(
                $"Re-encrypted {report.Resealed} value(s) under master key {report.KeyId} " +
                $"({report.AlreadyCurrent} already under it).");
            Console.Out.WriteLine(fromEnvironment
                ? $"Remove {MasterKeys.PreviousMasterKeyKey} from the servers' environment once they all run with the new {MasterKeys.MasterKeyKey}."
                : $"The key file {keyFile} now holds only the new key; start the servers.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"stepwise: {message}");
        return ExitCodes.Failed;
    }
}
