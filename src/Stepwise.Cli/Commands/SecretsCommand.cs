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
/// refused, 2 a bad argument. Both record the new key's fingerprint in the store (the master key's once every value
/// moved), so servers with the old key refuse to start; <c>stepwise secrets record-jwt-key</c> does the same for a
/// changed <c>JWT_SECRET</c>.
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
        command.Subcommands.Add(RecordJwtKeyCommand());
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
            if (!fromEnvironment && node.Options.Database.Kind == Stepwise.Storage.DatabaseKind.Postgres)
            {
                // Nodes on PostgreSQL refuse a generated key file: a new one here would lock every node out.
                await Console.Error.WriteLineAsync(
                    $"stepwise: {MasterKeys.MasterKeyKey} is not set: on PostgreSQL every node takes the master key from it. " +
                    $"Set the new key as {MasterKeys.MasterKeyKey} and the current one as {MasterKeys.PreviousMasterKeyKey}, " +
                    "here and on every node, then run this again (docs/security.md).");
                return ExitCodes.Usage;
            }

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
                if (report.Failures.Count == 0)
                {
                    // Every value is under the new key: from now on servers must start with it (KeyFingerprintCheck).
                    await storage.KeyFingerprints.SetAsync(
                        KeyFingerprint.MasterKeyName, KeyFingerprint.Of(ring.Current.Key, KeyFingerprint.MasterKeyName),
                        TimeProvider.System.GetUtcNow(), cancellationToken);
                }
            }

            foreach (var failure in report.Failures)
            {
                await Console.Error.WriteLineAsync($"stepwise: {failure}");
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

            await Console.Out.WriteLineAsync(
                $"Re-encrypted {report.Resealed} value(s) under master key {report.KeyId} " +
                $"({report.AlreadyCurrent} already under it).");
            await Console.Out.WriteLineAsync(fromEnvironment
                ? $"Remove {MasterKeys.PreviousMasterKeyKey} from the servers' environment once they all run with the new {MasterKeys.MasterKeyKey}."
                : $"The key file {keyFile} now holds only the new key; start the servers.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RecordJwtKeyCommand()
    {
        var data = ServerVerbs.DataOption();
        var command = new Command(
            "record-jwt-key",
            "Make JWT_SECRET (or the data folder's jwt-signing.key) the signing key servers of the store must use, after changing it on purpose")
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

            JwtOptions jwt;
            try
            {
                jwt = JwtOptions.Read(node.Configuration);
            }
            catch (ServerConfigurationException exception)
            {
                return Fail(exception.Message);
            }

            if (jwt.Secret is null && (jwt.JwksUrl is not null || node.Options.Database.Kind == Stepwise.Storage.DatabaseKind.Postgres))
            {
                await Console.Error.WriteLineAsync(
                    $"stepwise: {JwtOptions.SecretKey} is not set: set it to the key every node will sign tokens with, then run this again.");
                return ExitCodes.Usage;
            }

            byte[] key;
            try
            {
                // Without JWT_SECRET a single server signs with its data folder's jwt-signing.key (made here if it was
                // deleted to change the key).
                key = jwt.Secret ?? JwtKeyFile.LoadOrCreate(Path.Combine(node.Options.DataDirectory, JwtKeyFile.FileName));
            }
            catch (Exception exception) when (exception is ServerConfigurationException or IOException or UnauthorizedAccessException or FormatException)
            {
                return Fail(exception.Message);
            }

            var (storage, error) = await DbFile.OpenStoreAsync(node, cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            await using (storage)
            {
                await storage.KeyFingerprints.SetAsync(
                    KeyFingerprint.JwtSigningKeyName, KeyFingerprint.Of(key, KeyFingerprint.JwtSigningKeyName),
                    TimeProvider.System.GetUtcNow(), cancellationToken);
            }

            await Console.Out.WriteLineAsync(
                $"Recorded the fingerprint of the JWT signing key ({(jwt.Secret is null ? JwtKeyFile.FileName : JwtOptions.SecretKey)}): " +
                "servers now start only with this key; tokens signed with the previous key are refused.");
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
