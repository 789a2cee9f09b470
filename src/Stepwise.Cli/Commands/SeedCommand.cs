using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Cli.Seeding;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise seed</c>: the demo and test data of <see cref="DemoSeed"/> in the server's store. New keys are printed
/// once; a second run creates nothing and says so. Exit codes: 0 done, 1 the store or an example refused, 2 a bad
/// argument.
/// </summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command(
            "seed",
            "Create the demo organizations (test-org-active, test-org-demo, test-org-inactive), their API keys, " +
            "configuration, a secret and the example workflows; safe to run again")
        {
            data, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            var (node, settingsError) = DbFile.ResolveNode(parseResult.GetValue(data));
            if (node is null)
            {
                return Fail(settingsError!);
            }

            var (storage, error) = await DbFile.OpenStoreAsync(node, cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            IReadOnlyList<SeedItem> items;
            await using (storage)
            {
                SecretCipher cipher;
                try
                {
                    // The key file sits in the node's data folder, where the server keeps it.
                    cipher = new SecretCipher(MasterKeys.Load(node.Configuration, node.Options.DataDirectory));
                }
                catch (Exception exception) when (exception is ServerConfigurationException or IOException or UnauthorizedAccessException)
                {
                    return Fail($"cannot read or create the master key: {exception.Message}");
                }

                try
                {
                    items = await new DemoSeed(storage, cipher, TimeProvider.System).RunAsync(cancellationToken);
                }
                catch (SeedException exception)
                {
                    return Fail(exception.Message);
                }
            }

            var elapsed = clock.Elapsed;
            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, ToJson(items, elapsed));
            }
            else
            {
                Write(items, elapsed);
            }

            return ExitCodes.Success;
        });
        return command;
    }


    private static void Write(IReadOnlyList<SeedItem> items, TimeSpan elapsed)
    {
        ServerTable.Write(
            Console.Out,
            ["KIND", "ORG", "NAME", "STATE", "DETAIL"],
            items.Select(i => (IReadOnlyList<string>)
                [i.Kind, i.OrgId ?? string.Empty, i.Name, i.Created ? "created" : "exists", i.Detail ?? string.Empty]));
        var newKeys = items.Count(i => i.Kind == "key" && i.Created);
        if (newKeys > 0)
        {
            Console.Out.WriteLine($"{newKeys} new API keys are shown above, once: keep them now.");
        }

        Console.Out.WriteLine(
            $"Seeded {items.Count(i => i.Created)} new of {items.Count} items in {elapsed.TotalSeconds:0.00} s.");
    }

    private static JsonObject ToJson(IReadOnlyList<SeedItem> items, TimeSpan elapsed) => new()
    {
        ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
        {
            ["kind"] = i.Kind,
            ["org_id"] = i.OrgId,
            ["name"] = i.Name,
            ["created"] = i.Created,
            [i.Kind == "key" && i.Created ? "key" : "detail"] = i.Detail,
        })]),
        ["created"] = items.Count(i => i.Created),
        ["elapsed_ms"] = Math.Round(elapsed.TotalMilliseconds),
    };

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"stepwise: {message}");
        return ExitCodes.Failed;
    }
}
