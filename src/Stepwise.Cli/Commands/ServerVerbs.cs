using System.CommandLine;

namespace Stepwise.Cli.Commands;

/// <summary>The verbs of the server and its clients, registered on the root command in one call.</summary>
internal static class ServerVerbs
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(OrgsCommand.Create());
        root.Subcommands.Add(SecretsCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(DeployCommand.Create());
        root.Subcommands.Add(WorkflowsCommand.Create());
        root.Subcommands.Add(StartCommand.Create());
        root.Subcommands.Add(ActionCommand.Create());
        root.Subcommands.Add(ExecutionsCommand.Create());
        root.Subcommands.Add(SignalsCommand.Create());
        root.Subcommands.Add(SchedulesCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        root.Subcommands.Add(RecordsCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
    }

    /// <summary><c>--data DIR</c>: the folder of the SQLite store (DATABASE_URL wins when set).</summary>
    public static Option<DirectoryInfo?> DataOption() => new("--data")
    {
        Description = "Data folder holding the SQLite store (default ./data; without --data, DATABASE_URL=sqlite:PATH is used when set)",
        HelpName = "DIR",
    };
}
