using System.CommandLine;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise db current|history|upgrade|downgrade|check|size|backup|restore</c>: the schema and health of the server's database, in
/// the manner of alembic. Exit codes: 0 done (for <c>check</c>: no problem found), 1 the database is missing,
/// unreadable, ahead of this build or damaged, 2 a bad argument.
/// </summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Inspect and migrate the server's database schema; check, back up and restore the store");
        command.Subcommands.Add(DbSchemaCommands.Current());
        command.Subcommands.Add(DbSchemaCommands.History());
        command.Subcommands.Add(DbMigrateCommands.Upgrade());
        command.Subcommands.Add(DbMigrateCommands.Downgrade());
        command.Subcommands.Add(DbCheckCommand.Create());
        command.Subcommands.Add(DbSizeCommand.Create());
        command.Subcommands.Add(DbBackupCommand.Create());
        command.Subcommands.Add(DbRestoreCommand.Create());
        return command;
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine($"stepwise: {message}");
        return ExitCodes.Failed;
    }
}
