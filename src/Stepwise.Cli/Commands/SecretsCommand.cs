using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Stepwise.Server.Hosting;
using Stepwise.Server.Secrets;

namespace Stepwise.Cli.Commands;

/// <summary>
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
        var command = new Command("secrets", "Manage the encryption of organization secrets");
        command.Subcommands.Add(RotateKeyCommand());
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
            var dataOption = parseResult.GetValue(data);
            var folder = dataOption?.FullName ?? NonEmpty(Environment.GetEnvironmentVariable("STEPWISE_DATA")) ?? "./data";
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
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

            var (storage, error) = await DbFile.OpenStoreAsync(dataOption, cancellationToken);
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
