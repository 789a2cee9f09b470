using System.CommandLine;

namespace Stepwise.Cli.Commands;

/// <summary>The operator's verbs (database, configuration, diagnostics, seed data, dev certificates), registered on the root command in one call.</summary>
internal static class OperationsVerbs
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(DiagnosticsCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(CertsCommand.Create());
        root.Subcommands.Add(WorkspaceCommand.Create());
    }
}
