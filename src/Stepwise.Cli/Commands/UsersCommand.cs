using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Storage;
using Stepwise.Storage;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise users create|list|reset-password|set-role|disable|enable</c>: users who sign in with
/// <c>POST /auth/login</c>, in the server's store. Passwords come from <c>--password-stdin</c> or a prompt, never an
/// argument; only their hashes are stored. Every change is audited. Exit codes: 0 done, 1 the store refused
/// (unknown user or organization, taken username), 2 a bad argument.
/// </summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Manage users who sign in with a password");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ResetPasswordCommand());
        command.Subcommands.Add(SetRoleCommand());
        command.Subcommands.Add(SetDisabledCommand(disable: true));
        command.Subcommands.Add(SetDisabledCommand(disable: false));
        return command;
    }

    private static Argument<string> UsernameArgument() => new("USERNAME")
    {
        Description = $"The username: {Usernames.Rule} (compared lower-case)",
    };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin")
    {
        Description = "Read the password from the first line of standard input instead of prompting",
    };

    private static Command CreateCommand()
    {
        var username = UsernameArgument();
        var org = RoleOption.Org("The organization the user belongs to");
        var role = RoleOption.Create(ApiKeyRole.Viewer);
        var passwordStdin = PasswordStdinOption();
        var data = ServerVerbs.DataOption();
        var command = new Command("create", "Create a user with a role in an organization")
        {
            username, org, role, passwordStdin, data,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = Usernames.Normalize(parseResult.GetRequiredValue(username));
            if (!Usernames.IsValid(name))
            {
                return Usage($"'{Names.Quote(name)}' is not a username: use {Usernames.Rule}");
            }

            var (password, passwordError) = await ReadPasswordAsync(parseResult.GetValue(passwordStdin), cancellationToken);
            if (password is null)
            {
                return Usage(passwordError!);
            }

            return await WithStoreAsync(parseResult.GetValue(data), cancellationToken, async storage =>
            {
                var orgId = parseResult.GetRequiredValue(org);
                if (await storage.Organizations.GetAsync(orgId, cancellationToken) is null)
                {
                    return Fail($"organization '{orgId}' not found; create it with `stepwise orgs create {orgId}`");
                }

                if (await storage.Users.FindByUsernameAsync(name, cancellationToken) is not null)
                {
                    return Fail($"user '{name}' already exists; use `stepwise users set-role` or `reset-password`");
                }

                var chosenRole = parseResult.GetValue(role);
                var user = new UserRecord(
                    Usernames.NewId(), name, UserPasswords.Hash(password), false, 0, null, TimeProvider.System.GetUtcNow());
                await storage.Users.CreateAsync(user, cancellationToken);
                await storage.Users.SetMembershipAsync(new UserMembership(user.Id, orgId, chosenRole), cancellationToken);
                await CliAudit.RecordAsync(
                    storage, orgId, new AuditEntry(AuditActions.UserCreate, "user", name, Detail: chosenRole.Name()),
                    cancellationToken);
                await Console.Out.WriteLineAsync($"Created user {name} ({user.Id}), {chosenRole.Name()} in '{orgId}'");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command ListCommand()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("list", "List users with their roles (never passwords)") { data, output };
        command.SetAction(async (parseResult, cancellationToken) =>
            await WithStoreAsync(parseResult.GetValue(data), cancellationToken, async storage =>
            {
                var rows = new List<(UserRecord User, IReadOnlyList<UserMembership> Memberships)>();
                foreach (var user in await storage.Users.ListAsync(cancellationToken))
                {
                    rows.Add((user, await storage.Users.ListMembershipsAsync(user.Id, cancellationToken)));
                }

                if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
                {
                    JsonOutput.Write(Console.Out, new JsonArray([.. rows.Select(row => (JsonNode)new JsonObject
                    {
                        ["id"] = row.User.Id,
                        ["username"] = row.User.Username,
                        ["is_disabled"] = row.User.IsDisabled,
                        ["locked_until"] = row.User.LockedUntil,
                        ["created_at"] = row.User.CreatedAt,
                        ["roles"] = new JsonObject(row.Memberships.Select(m =>
                            KeyValuePair.Create(m.OrgId, (JsonNode?)JsonValue.Create(m.Role.Name())))),
                    })]));
                }
                else
                {
                    ServerTable.Write(
                        Console.Out,
                        ["ID", "USERNAME", "ROLES", "DISABLED", "LOCKED UNTIL", "CREATED"],
                        rows.Select(row => (IReadOnlyList<string>)
                        [
                            row.User.Id, row.User.Username,
                            string.Join(", ", row.Memberships.Select(m => $"{m.OrgId}:{m.Role.Name()}")),
                            row.User.IsDisabled ? "yes" : "no", ServerTable.Time(row.User.LockedUntil),
                            ServerTable.Time(row.User.CreatedAt),
                        ]));
                }

                return ExitCodes.Success;
            }));
        return command;
    }

    private static Command ResetPasswordCommand()
    {
        var username = UsernameArgument();
        var passwordStdin = PasswordStdinOption();
        var data = ServerVerbs.DataOption();
        var command = new Command(
            "reset-password", "Set a new password; unlocks the account and signs the user out everywhere")
        {
            username, passwordStdin, data,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (password, passwordError) = await ReadPasswordAsync(parseResult.GetValue(passwordStdin), cancellationToken);
            if (password is null)
            {
                return Usage(passwordError!);
            }

            return await WithUserAsync(parseResult.GetRequiredValue(username), parseResult.GetValue(data), cancellationToken, async (storage, user) =>
            {
                await storage.Users.SetPasswordAsync(user.Id, UserPasswords.Hash(password), cancellationToken);
                await storage.RefreshTokens.RevokeAllAsync(user.Id, TimeProvider.System.GetUtcNow(), cancellationToken);
                await AuditUserAsync(storage, user, new AuditEntry(AuditActions.UserPasswordReset, "user", user.Username), cancellationToken);
                await Console.Out.WriteLineAsync($"Set a new password for {user.Username}");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command SetRoleCommand()
    {
        var username = UsernameArgument();
        var org = RoleOption.Org("The organization");
        var role = RoleOption.Create(ApiKeyRole.Viewer);
        var remove = new Option<bool>("--remove") { Description = "Remove the user from the organization instead" };
        var data = ServerVerbs.DataOption();
        var command = new Command("set-role", "Give a user a role in an organization, or remove them from it")
        {
            username, org, role, remove, data,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
            await WithUserAsync(parseResult.GetRequiredValue(username), parseResult.GetValue(data), cancellationToken, async (storage, user) =>
            {
                var orgId = parseResult.GetRequiredValue(org);
                if (await storage.Organizations.GetAsync(orgId, cancellationToken) is null)
                {
                    return Fail($"organization '{orgId}' not found");
                }

                if (parseResult.GetValue(remove))
                {
                    if (!await storage.Users.RemoveMembershipAsync(user.Id, orgId, cancellationToken))
                    {
                        return Fail($"user '{user.Username}' is not a member of organization '{orgId}'");
                    }

                    await CliAudit.RecordAsync(
                        storage, orgId, new AuditEntry(AuditActions.UserRoleSet, "user", user.Username, Detail: "removed"),
                        cancellationToken);
                    await Console.Out.WriteLineAsync($"Removed {user.Username} from '{orgId}'");
                    return ExitCodes.Success;
                }

                var chosenRole = parseResult.GetValue(role);
                await storage.Users.SetMembershipAsync(new UserMembership(user.Id, orgId, chosenRole), cancellationToken);
                await CliAudit.RecordAsync(
                    storage, orgId, new AuditEntry(AuditActions.UserRoleSet, "user", user.Username, Detail: chosenRole.Name()),
                    cancellationToken);
                await Console.Out.WriteLineAsync($"{user.Username} is {chosenRole.Name()} in '{orgId}'");
                return ExitCodes.Success;
            }));
        return command;
    }

    private static Command SetDisabledCommand(bool disable)
    {
        var username = UsernameArgument();
        var data = ServerVerbs.DataOption();
        var command = new Command(
            disable ? "disable" : "enable",
            disable ? "Disable a user: no more logins or refreshes, and every refresh token is revoked" : "Enable a disabled user")
        {
            username, data,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
            await WithUserAsync(parseResult.GetRequiredValue(username), parseResult.GetValue(data), cancellationToken, async (storage, user) =>
            {
                await storage.Users.SetDisabledAsync(user.Id, disable, cancellationToken);
                if (disable)
                {
                    await storage.RefreshTokens.RevokeAllAsync(user.Id, TimeProvider.System.GetUtcNow(), cancellationToken);
                }

                await AuditUserAsync(
                    storage, user,
                    new AuditEntry(AuditActions.UserDisable, "user", user.Username, Detail: disable ? "disabled" : "enabled"),
                    cancellationToken);
                await Console.Out.WriteLineAsync($"{(disable ? "Disabled" : "Enabled")} {user.Username}");
                return ExitCodes.Success;
            }));
        return command;
    }

    /// <summary>A change to a user is audited in every organization the user belongs to.</summary>
    private static async Task AuditUserAsync(
        StepwiseStorage storage, UserRecord user, AuditEntry entry, CancellationToken cancellationToken)
    {
        var memberships = await storage.Users.ListMembershipsAsync(user.Id, cancellationToken);
        var orgs = memberships.Count == 0 ? [TenancyBootstrap.DefaultOrgId] : memberships.Select(m => m.OrgId);
        foreach (var orgId in orgs)
        {
            await CliAudit.RecordAsync(storage, orgId, entry, cancellationToken);
        }
    }

    private static async Task<(string? Password, string? Error)> ReadPasswordAsync(bool fromStdin, CancellationToken cancellationToken)
    {
        var (password, error) = await PasswordInput.ReadAsync(fromStdin, cancellationToken);
        if (password is null)
        {
            return (null, error);
        }

        return UserPasswords.Problem(password) is { } problem ? (null, problem) : (password, null);
    }

    private static async Task<int> WithUserAsync(
        string usernameText, DirectoryInfo? data, CancellationToken cancellationToken,
        Func<StepwiseStorage, UserRecord, Task<int>> action)
    {
        var name = Usernames.Normalize(usernameText);
        if (!Usernames.IsValid(name))
        {
            return Usage($"'{Names.Quote(name)}' is not a username: use {Usernames.Rule}");
        }

        return await WithStoreAsync(data, cancellationToken, async storage =>
            await storage.Users.FindByUsernameAsync(name, cancellationToken) is { } user
                ? await action(storage, user)
                : Fail($"user '{name}' not found"));
    }

    private static async Task<int> WithStoreAsync(
        DirectoryInfo? data, CancellationToken cancellationToken, Func<StepwiseStorage, Task<int>> action)
    {
        var (storage, error) = await DbFile.OpenStoreAsync(data, cancellationToken);
        if (storage is null)
        {
            return Fail(error!);
        }

        await using (storage)
        {
            return await action(storage);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"stepwise: {message}");
        return ExitCodes.Failed;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"stepwise: {message}");
        return ExitCodes.Usage;
    }
}
