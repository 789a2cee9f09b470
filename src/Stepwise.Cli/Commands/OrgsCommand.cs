using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise orgs create|list|activate|deactivate</c>: organizations in the server's store. Exit codes: 0 done,
/// 1 the store refused (unknown or duplicate organization, unreadable store), 2 a bad argument.
/// </summary>
internal static class OrgsCommand
{
    public static Command Create()
    {
        var command = new Command("orgs", "Manage organizations (tenants) in the server's store");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(SetActiveCommand("activate", true));
        command.Subcommands.Add(SetActiveCommand("deactivate", false));
        return command;
    }

    private static Argument<string> OrgId() => new("ID")
    {
        Description = $"Organization id: {Names.OrgIdRule}",
        Validators =
        {
            result =>
            {
                var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (!Names.IsOrgId(value))
                {
                    result.AddError($"'{Names.Quote(value)}' is not an organization id: use {Names.OrgIdRule}.");
                }
            },
        },
    };

    private static Command CreateCommand()
    {
        var id = OrgId();
        var name = new Option<string?>("--name") { Description = "Display name (default: the id)", HelpName = "NAME" };
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("create", "Create an organization") { id, name, data, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (storage, error) = await DbFile.OpenStoreAsync(parseResult.GetValue(data), cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            await using (storage)
            {
                var orgId = parseResult.GetRequiredValue(id);
                var organization = new OrganizationRecord(
                    orgId, parseResult.GetValue(name)?.Trim() is { Length: > 0 } given ? given : orgId, true,
                    TimeProvider.System.GetUtcNow());
                if (!await storage.Organizations.EnsureAsync(organization, cancellationToken))
                {
                    return Fail($"organization '{orgId}' already exists");
                }

                await CliAudit.RecordAsync(
                    storage, orgId, new AuditEntry(AuditActions.OrgCreate, "organization", orgId), cancellationToken);

                if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
                {
                    JsonOutput.Write(Console.Out, ToJson(organization));
                }
                else
                {
                    await Console.Out.WriteLineAsync($"Created organization '{organization.Id}' ({organization.Name})");
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command ListCommand()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("list", "List organizations") { data, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (storage, error) = await DbFile.OpenStoreAsync(parseResult.GetValue(data), cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            await using (storage)
            {
                var organizations = await storage.Organizations.ListAsync(cancellationToken);
                if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
                {
                    JsonOutput.Write(Console.Out, new JsonArray([.. organizations.Select(ToJson)]));
                }
                else
                {
                    ServerTable.Write(
                        Console.Out,
                        ["ID", "NAME", "ACTIVE", "CREATED"],
                        organizations.Select(o => (IReadOnlyList<string>)
                            [o.Id, o.Name, o.IsActive ? "yes" : "no", ServerTable.Time(o.CreatedAt)]));
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command SetActiveCommand(string verb, bool isActive)
    {
        var id = OrgId();
        var data = ServerVerbs.DataOption();
        var command = new Command(
            verb,
            isActive ? "Activate an organization" : "Deactivate an organization: its keys get 403 until it is activated")
        {
            id,
            data,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (storage, error) = await DbFile.OpenStoreAsync(parseResult.GetValue(data), cancellationToken);
            if (storage is null)
            {
                return Fail(error!);
            }

            await using (storage)
            {
                var orgId = parseResult.GetRequiredValue(id);
                if (!await storage.Organizations.SetActiveAsync(orgId, isActive, cancellationToken))
                {
                    return Fail($"organization '{orgId}' not found");
                }

                await CliAudit.RecordAsync(
                    storage,
                    orgId,
                    new AuditEntry(isActive ? AuditActions.OrgActivate : AuditActions.OrgDeactivate, "organization", orgId),
                    cancellationToken);

                await Console.Out.WriteLineAsync($"Organization '{orgId}' is {(isActive ? "active" : "inactive")}");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static JsonObject ToJson(OrganizationRecord organization) => new()
    {
        ["id"] = organization.Id,
        ["name"] = organization.Name,
        ["is_active"] = organization.IsActive,
        ["created_at"] = organization.CreatedAt,
    };

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"stepwise: {message}");
        return ExitCodes.Failed;
    }
}
