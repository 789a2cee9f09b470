using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise keys create|list|revoke</c>: API keys in the server's store. A new key is printed once; only its
/// hash is stored. Exit codes: 0 done, 1 the store refused (unknown organization or key), 2 a bad argument.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage API keys in the server's store");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(RevokeCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var org = RoleOption.Org("The organization the key belongs to");
        var role = RoleOption.Create(ApiKeyRole.Developer);
        var name = new Option<string?>("--name") { Description = "A label for the key", HelpName = "NAME" };
        var platformAdmin = new Option<bool>("--platform-admin")
        {
            Description = "The key may act for any organization with X-Organization-Id (needs --role admin)",
        };
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("create", "Create an API key and print it once")
        {
            org, role, name, platformAdmin, data, output,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(platformAdmin) && result.GetValue(role) != ApiKeyRole.Admin)
            {
                result.AddError("--platform-admin needs --role admin.");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (storage, error) = await DbFile.OpenStoreAsync(parseResult.GetValue(data), cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            await using (storage)
            {
                var orgId = parseResult.GetRequiredValue(org);
                if (await storage.Organizations.GetAsync(orgId, cancellationToken) is null)
                {
                    return Fail($"organization '{orgId}' not found; create it with `stepwise orgs create {orgId}`");
                }

                var (secret, hash, prefix) = ApiKeySecrets.Generate();
                var chosenRole = parseResult.GetValue(role);
                var record = new ApiKeyRecord(
                    ApiKeySecrets.NewId(), orgId, parseResult.GetValue(name)?.Trim() is { Length: > 0 } label ? label : chosenRole.Name(),
                    chosenRole, parseResult.GetValue(platformAdmin), hash, prefix, TimeProvider.System.GetUtcNow(), null);
                await storage.ApiKeys.CreateAsync(record, cancellationToken);
                await CliAudit.RecordAsync(
                    storage, orgId, new AuditEntry(AuditActions.KeyCreate, "api_key", record.Id, Detail: record.Role.Name()),
                    cancellationToken);
                if (DbFile.ResolveNode(parseResult.GetValue(data)).Node is { } node
                    && InitialAdminKeyFile.DeleteIfSuperseded(
                        node.Options.DataDirectory, await storage.ApiKeys.ListAsync(cancellationToken: cancellationToken)))
                {
                    await Console.Error.WriteLineAsync($"Deleted {InitialAdminKeyFile.PathIn(node.Options.DataDirectory)}: a second admin key exists now.");
                }

                if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
                {
                    var json = ToJson(record);
                    json["key"] = secret;
                    JsonOutput.Write(Console.Out, json);
                }
                else
                {
                    await Console.Out.WriteLineAsync($"Created API key {record.Id} ({record.Role.Name()} in '{orgId}'). It is shown once:");
                    await Console.Out.WriteLineAsync(secret);
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command ListCommand()
    {
        var org = new Option<string?>("--org") { Description = "Only the keys of this organization", HelpName = "ORG" };
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("list", "List API keys (never the keys themselves)") { org, data, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (storage, error) = await DbFile.OpenStoreAsync(parseResult.GetValue(data), cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            await using (storage)
            {
                var keys = await storage.ApiKeys.ListAsync(parseResult.GetValue(org), cancellationToken);
                if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
                {
                    JsonOutput.Write(Console.Out, new JsonArray([.. keys.Select(ToJson)]));
                }
                else
                {
                    ServerTable.Write(
                        Console.Out,
                        ["ID", "ORG", "ROLE", "NAME", "PREFIX", "CREATED", "REVOKED"],
                        keys.Select(k => (IReadOnlyList<string>)
                        [
                            k.Id, k.OrgId, k.Role.Name() + (k.IsPlatformAdmin ? " (platform)" : string.Empty), k.Name,
                            k.Prefix, ServerTable.Time(k.CreatedAt), ServerTable.Time(k.RevokedAt),
                        ]));
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command RevokeCommand()
    {
        var id = new Argument<string>("ID") { Description = "The key's id, as `stepwise keys list` shows it" };
        var data = ServerVerbs.DataOption();
        var command = new Command("revoke", "Revoke an API key; requests with it get 401 at once") { id, data };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (storage, error) = await DbFile.OpenStoreAsync(parseResult.GetValue(data), cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            await using (storage)
            {
                var keyId = parseResult.GetRequiredValue(id).Trim();
                var key = keyId.Length == 0 ? null : await storage.ApiKeys.GetAsync(keyId, cancellationToken);
                if (key is null)
                {
                    return Fail($"API key '{Names.Quote(keyId)}' not found");
                }

                if (!await storage.ApiKeys.RevokeAsync(key.Id, TimeProvider.System.GetUtcNow(), cancellationToken))
                {
                    return Fail($"API key '{key.Id}' was already revoked");
                }

                await CliAudit.RecordAsync(
                    storage, key.OrgId, new AuditEntry(AuditActions.KeyRevoke, "api_key", key.Id), cancellationToken);
                await Console.Out.WriteLineAsync($"Revoked API key {key.Id}");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static JsonObject ToJson(ApiKeyRecord key) => new()
    {
        ["id"] = key.Id,
        ["org_id"] = key.OrgId,
        ["name"] = key.Name,
        ["role"] = key.Role.Name(),
        ["is_platform_admin"] = key.IsPlatformAdmin,
        ["prefix"] = key.Prefix,
        ["created_at"] = key.CreatedAt,
        ["revoked_at"] = key.RevokedAt,
    };

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"stepwise: {message}");
        return ExitCodes.Failed;
    }
}
